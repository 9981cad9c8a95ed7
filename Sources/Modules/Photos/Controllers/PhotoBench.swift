import Foundation
import IGroupsCore
import Vapor

/// For `igroups bench-photo`: the photo job's work on one picture (its header read, the original, the
/// display size and the thumbnail made, each read back), timed in this process.
package enum PhotoBench {
    /// The wall-clock seconds of each run, and the CPU seconds of all runs (this process and its children).
    package static func measure(_ path: String, runs: Int, app: Application) async throws -> (seconds: [Double], cpu: Double) {
        let received = try Uploads.receivedFile(at: path, name: (path as NSString).lastPathComponent)
        let format = PhotoProcessing.storedFormat(received.type)
        let before = cpuSeconds()
        var seconds: [Double] = []
        for _ in 0..<runs {
            let folder = app.settings.dataDirectory + "/tmp/photo-bench-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await PhotoProcessing.make(from: path, received: received.type, in: folder, format: format, app: app)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return (seconds, cpuSeconds() - before)
    }

    static func cpuSeconds() -> Double {
        var total = 0.0
        for who in [RUSAGE_SELF, RUSAGE_CHILDREN] {
            var usage = rusage()
            getrusage(__rusage_who_t(who.rawValue), &usage)
            total += Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        return total
    }
}
