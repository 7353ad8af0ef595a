import Foundation
import Tester

/// Ctrl-C and SIGTERM during a demo. The first one asks the run to wind down: producing stops, the verdict is still
/// computed, and everything started is stopped in order. A second one kills every process the demo started with
/// SIGKILL and exits at once (status 130).
final class DemoSignals: @unchecked Sendable {  // Dispatch sources are thread-safe; the array is immutable.
    let stop = StopSignal()
    private let sources: [any DispatchSourceSignal]

    init(environment: DemoEnvironment) {
        let stop = self.stop
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if stop.isTriggered {
                    printError("second signal: killing everything the demo started")
                    environment.emergencyKill()
                    exit(130)
                }
                printError("interrupted: stopping the demo and everything it started (again to kill at once)")
                stop.trigger()
            }
            source.resume()
            return source
        }
    }

    func cancel() { for source in sources { source.cancel() } }
}

/// Thrown when a phase notices the demo was interrupted.
struct DemoInterrupted: Error, CustomStringConvertible {
    var description: String { "interrupted" }
}
