// Starts `groundwork lsp` for Markdown files (and sources.yaml / site.yaml) and talks to it
// over stdio. Install: `npm install` in this folder, then `code --install-extension` a package
// made with `npx @vscode/vsce package`, or open the folder and press F5 to try it.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("groundwork");
  const command = config.get("path", "groundwork");
  const args = ["lsp", "--debounce", String(config.get("debounce", 150))];
  const serverOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", pattern: "**/sources.yaml" },
      { scheme: "file", pattern: "**/site.yaml" },
    ],
    synchronize: {
      // Saved changes to files that are not open (another page, sources.yaml) reach the server.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{md,markdown,yaml}"),
    },
  };
  client = new LanguageClient("groundwork", "Groundwork", serverOptions, clientOptions);
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
