import Foundation
import GroundworkCLI

// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
let environment = ProcessInfo.processInfo.environment
let colour = isatty(STDERR_FILENO) != 0 && environment["NO_COLOR"] == nil
// The process exits right after one command: it need not free the site it built.
let retainer = ResultRetainer()
withExtendedLifetime(retainer) {
    exit(CLI.run(Array(CommandLine.arguments.dropFirst()), environment: environment, console: Console(capture: false, colour: colour),
                 retainer: retainer))
}
