import Foundation

/// Runs a tool (libvips, ffmpeg) in a child process with a time and a memory limit, so a decoder that
/// crashes, hangs or balloons on a hostile file never takes the server with it.
package enum ChildProcess {
    package struct Result: Sendable {
        /// The exit status; 127 when the tool is not installed.
        package var status: Int32
        package var output: String
    }

    /// Why a child process gave no answer.
    package enum Failure: Error, Equatable {
        /// It ran past its time limit and was killed.
        case timedOut
    }

    /// Whether util-linux' `prlimit` is there to cap the child's memory (it is on every Debian system).
    static let prlimit: String? = ["/usr/bin/prlimit", "/bin/prlimit"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs a command found on the PATH, blocking the calling thread (run it on the thread pool).
    /// - Parameters:
    ///   - timeLimit: seconds of wall time before it is killed.
    ///   - memoryLimit: bytes of address space it may map; allocations beyond fail inside the child.
    package static func run(_ arguments: [String], timeLimit: TimeInterval, memoryLimit: Int? = nil) throws -> Result {
        guard let tool = arguments.first, let path = find(tool) else { return Result(status: 127, output: "") }
        let process = Process()
        if let memoryLimit, let prlimit {
            process.executableURL = URL(fileURLWithPath: prlimit)
            process.arguments = ["--as=\(memoryLimit)", "--core=0", "--", path] + arguments.dropFirst()
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = Array(arguments.dropFirst())
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        // Read while it runs, so a chatty tool never blocks on a full pipe.
        let reader = OutputReader(output.fileHandleForReading)
        if finished.wait(timeout: .now() + timeLimit) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
            _ = reader.finish()
            throw Failure.timedOut
        }
        return Result(status: process.terminationStatus, output: reader.finish())
    }

    /// The full path of a tool on the PATH, or nil when it is not installed.
    package static func find(_ tool: String) -> String? {
        if tool.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: tool) ? tool : nil }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for folder in folders {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Collects a child's standard output on a thread of its own, at most a megabyte of it.
    private final class OutputReader: @unchecked Sendable {
        private let handle: FileHandle
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            self.handle = handle
            Thread.detachNewThread { [self] in
                while true {
                    let piece = handle.availableData
                    if piece.isEmpty { break }
                    if data.count < 1_048_576 { data.append(piece) }
                }
                done.signal()
            }
        }

        func finish() -> String {
            done.wait()
            try? handle.close()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
