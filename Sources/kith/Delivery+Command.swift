import ArgumentParser
import Foundation
import KithCore
import KithMail

extension Delivery {
    /// The delivery a command uses: a problem is printed, and ends the command with 78 (the config's to fix)
    /// or 1. A command run by root hands the outbox it writes back to the state folder's owner.
    static func forCommand(settings: Settings) throws -> Delivery {
        StateOwnership.handOverAtExit(settings.stateDirectory)
        do {
            return try Delivery(settings: settings)
        } catch {
            throw Self.exit(error)
        }
    }

    /// The outbox alone, for commands that only show it.
    static func outboxForCommand(settings: Settings) throws -> Outbox {
        StateOwnership.handOverAtExit(settings.stateDirectory)
        do {
            return try Delivery.outbox(settings: settings)
        } catch {
            throw Self.exit(error)
        }
    }

    private static func exit(_ failure: Failure) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
        return ExitCode(failure.isConfiguration ? ConfigFile.exitCode : 1)
    }
}
