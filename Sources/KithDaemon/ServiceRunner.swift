@preconcurrency import Dispatch
import Foundation
import KithCore
import KithFormats
import KithSources
import KithSystem

/// `kith run`: the service on the real parts, on the main queue: the system clock, the inbox watcher,
/// SIGHUP for a reload, SIGTERM and SIGINT to stop, systemd's notify socket and watchdog, the pid file.
package enum ServiceRunner {
    /// Runs until stopped by a signal; returns only when the inbox cannot be watched.
    package static func run(setup: ServiceSetup, environment: (any ServiceClock) -> ServiceEnvironment) -> Never {
        let clock: SystemClock
        do {
            clock = try SystemClock(queue: .main)
        } catch {
            FileHandle.standardError.write(Data("kith: cannot make the service's timer: \(error)\n".utf8))
            exit(1)
        }
        var environment = environment(clock)
        // Fetches run beside the service, one queue for all, and report back on main.
        let fetches = DispatchQueue(label: "kith.sources")
        environment.fetch = { settings, source, state, now, done in
            fetches.async {
                let (fresh, outcome) = SourceFetch.fetch(
                    source,
                    state: state,
                    folder: SourceFetch.folder(settings),
                    now: now
                )
                DispatchQueue.main.async { done(fresh, outcome) }
            }
        }
        let service = Service(setup: setup, environment: environment)
        let settings = setup.settings
        try? Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: Service.pidFile(settings)))
        let log = environment.log
        let watcher = InboxWatcher(
            root: settings.inbox,
            queue: .main,
            log: { level, message in log(ServiceLog.Level(rawValue: level) ?? .info, message) },
            onChange: { changed, rescan in service.handle(.inboxChanged(changed, rescan: rescan)) }
        )
        // The sources' copies are read as part of the inbox: a second root on the same path, whoever wrote them
        // (the service's fetches, or `kith sources fetch`).
        let copies = SourceFetch.folder(settings)
        let copyWatcher = InboxWatcher(
            root: copies,
            queue: .main,
            log: { level, message in log(ServiceLog.Level(rawValue: level) ?? .info, message) },
            onChange: { changed, rescan in service.handle(.inboxChanged(changed, rescan: rescan)) }
        )
        do {
            try watcher.start()
            try SystemCall.makeFolders(copies)
            try copyWatcher.start()
        } catch {
            log(.error, "cannot watch \(settings.inbox) and \(copies): \(error)")
            exit(1)
        }
        // Stopping must not wait for a send in flight (the outbox keeps it); a reload waits its turn on main.
        StopOnSignal.install(
            notifySocket: ProcessInfo.processInfo.environment["NOTIFY_SOCKET"],
            pidFile: Service.pidFile(settings)
        )
        let signals = SignalHandlers(queue: .main, [SIGHUP: { service.handle(.reload) }])
        service.handle(.started)
        let watchdog = SystemdNotifier.watchdogInterval().map { interval in
            let source = DispatchSource.makeTimerSource(queue: .main)
            source.schedule(deadline: .now() + interval, repeating: interval)
            source.setEventHandler { environment.notifier.notify("WATCHDOG=1") }
            source.resume()
            return source
        }
        withExtendedLifetime((watcher, copyWatcher, signals, watchdog)) { dispatchMain() }
    }
}
