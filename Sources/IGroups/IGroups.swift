import Foundation
import IGroupsCore
import Vapor

/// The program: reads settings, wires the app and runs the command given on the command line.
public enum IGroupsMain {
    public static func run() async {
        var env: Environment
        do {
            env = try Environment.detect()
            try LoggingSystem.bootstrap(from: &env)
        } catch {
            printError(error)
            exit(2)
        }
        let settings: Settings
        do {
            settings = try Settings.from(environment: ProcessInfo.processInfo.environment)
        } catch {
            printError(error)
            exit(2)
        }
        env.arguments = Self.applyListenDefaults(env.arguments)
        let app: Application
        do {
            app = try await Application.make(env)
        } catch {
            printError(error)
            exit(1)
        }
        var failed = false
        do {
            try await configure(app, settings: settings)
            registerCommands(app)
            if isServe(env.arguments) {
                try await prepareDatabase(app)
                if settings.runJobsInServe { app.lifecycle.use(JobWorker()) }
                // The site starts without libvips or ffmpeg, and says what waits for them.
                for line in app.mediaAvailability.missing { app.logger.warning("\(line)") }
            }
            try await app.execute()
        } catch {
            printError(error)
            failed = true
        }
        try? await app.asyncShutdown()
        if failed { exit(1) }
    }

    /// `serve` is the default command; `--help` only prints.
    static func isServe(_ arguments: [String]) -> Bool {
        let rest = arguments.dropFirst()
        guard !rest.contains("--help"), !rest.contains("-h") else { return false }
        return rest.first.map { $0 == "serve" || $0.hasPrefix("-") } ?? true
    }

    /// Fills `--hostname` and `--port` for `serve` from `HOST` and `PORT` unless given.
    static func applyListenDefaults(_ arguments: [String]) -> [String] {
        guard isServe(arguments) else { return arguments }
        var result = arguments
        if result.count == 1 { result.append("serve") }
        let environment = ProcessInfo.processInfo.environment
        if !result.contains("--hostname"), !result.contains("-H"), !result.contains("--bind"), !result.contains("-b") {
            result += ["--hostname", environment["HOST"] ?? "127.0.0.1"]
        }
        if !result.contains("--port"), !result.contains("-p"), !result.contains("--bind"), !result.contains("-b") {
            result += ["--port", environment["PORT"] ?? "8080"]
        }
        return result
    }

    static func printError(_ error: any Error) {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    }

    static func registerCommands(_ app: Application) {
        app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
        app.asyncCommands.use(SeedForumCommand(), as: "seed-forum")
        app.asyncCommands.use(SeedEventsCommand(), as: "seed-events")
        app.asyncCommands.use(SeedPhotosCommand(), as: "seed-photos")
        app.asyncCommands.use(BenchPhotoCommand(), as: "bench-photo")
        app.asyncCommands.use(BenchRenderCommand(), as: "bench-render")
        app.asyncCommands.use(CreateOperatorCommand(), as: "create-operator")
        app.asyncCommands.use(JobsCommand(), as: "jobs")
        app.asyncCommands.use(PrivacyRecordCommand(), as: "privacy-record")
        app.asyncCommands.use(BackupCommand(), as: "backup")
        app.asyncCommands.use(RestoreCommand(), as: "restore")
        app.asyncCommands.use(ReindexCommand(), as: "reindex")
    }
}
