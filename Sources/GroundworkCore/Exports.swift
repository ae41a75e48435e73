// GroundworkCore is the pipeline, and the one module its clients (the CLI, the preview
// server, the fuzz harness, the tests) import: it re-exports every stage, so `import
// GroundworkCore` sees the whole public (and, inside this package, `package`) API. The stages
// themselves never import GroundworkCore.
@_exported import GroundworkCheck
@_exported import GroundworkDiagnostics
@_exported import GroundworkModel
@_exported import GroundworkParse
@_exported import GroundworkRender
@_exported import GroundworkResolve
@_exported import GroundworkSupport
@_exported import GroundworkWrite
