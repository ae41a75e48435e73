/// The version `groundwork --version` prints.
///
/// A constant in the source, not `git describe` at build time: SwiftPM runs no script
/// before compiling, and a release binary copied out of the repository (or built from a
/// source tarball without `.git`) must still know its version. To release: set this to the
/// new version, commit, and tag the commit `v<version>`; `VersionTests` fails when the
/// checked-out commit carries a `v*` tag that disagrees with it.
public enum GroundworkVersion {
    public static let current = "0.9.0"
}
