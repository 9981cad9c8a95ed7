import Fluent
import Foundation
import IGroupsCore
import SQLKit
import Vapor

/// The background work on uploaded videos: reading the length and size with ffprobe and making a
/// poster with ffmpeg (and libvips, when there, to make it small), each in a child process with limits.
/// A file that cannot be read as a video is removed and its uploader told why.
enum VideoProcessing {
    static let prepareKind = "video.prepare"
    static let maintenanceKind = "video.maintenance"
    /// How long the note about an upload that could not be used stays for its uploader.
    static let failureRetention: TimeInterval = 7 * 24 * 3600
    /// The widest poster kept.
    static let posterBox = 1280

    struct Job: Codable { let videoID: UUID }

    static func queue(_ videoID: UUID, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(prepareKind, payload: Job(videoID: videoID), on: db)
    }

    static func register(on app: Application) {
        app.jobQueue.register(prepareKind, handler: { payload, app in
            let job = try JSONDecoder().decode(Job.self, from: Data(payload.utf8))
            try await prepare(job.videoID, app: app)
        }, gaveUp: { payload, app in
            let job = try JSONDecoder().decode(Job.self, from: Data(payload.utf8))
            try await giveUp(job.videoID, app: app)
        })
        app.jobQueue.register(maintenanceKind) { _, app in try await maintain(app: app) }
        app.jobQueue.schedule(Schedule(name: maintenanceKind, period: 3600, jobKind: maintenanceKind))
    }

    /// Makes the poster and reads the length of one uploaded video; a video deleted meanwhile is left alone.
    static func prepare(_ videoID: UUID, app: Application) async throws {
        guard let video = try await Video.find(videoID, on: app.db), video.source == .upload,
              video.status == .processing || video.status == .waiting,
              let uploadID = video.$upload.id, let upload = try await Upload.find(uploadID, on: app.db)
        else { return }
        guard app.mediaAvailability.video else {
            try await set(video, to: .waiting, on: app.db)
            return
        }
        let scratch = app.settings.dataDirectory + "/tmp/video-\(UUID().uuidString)"
        try await app.threadPool.runIfActive { try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let input = scratch + "/video." + upload.type.fileExtension
        try await app.files.copy(upload.key, toDisk: input, threadPool: app.threadPool)
        do {
            let info = try await app.media.videoInfo(input)
            let poster = try await makePoster(from: input, info: info, in: scratch, app: app)
            upload.duration = info.duration
            upload.width = info.width
            upload.height = info.height
            var posterUpload: Upload?
            if let poster {
                posterUpload = try await Uploads.storeCopy(
                    ofFile: poster.path, parent: upload, variant: "poster", name: "poster.jpg", width: poster.width, height: poster.height, on: app, db: app.db)
            }
            let stored = posterUpload
            try await app.db.transaction { db in
                try await upload.save(on: db)
                // Deleted while it was being prepared: the poster goes with the upload's copies.
                guard let current = try await Video.find(videoID, on: db), current.status != .failed else { return }
                current.$poster.id = try stored?.requireID()
                current.status = .ready
                try await current.save(on: db)
            }
        } catch let error as MediaTools.MediaError {
            if error == .unavailable {
                try await set(video, to: .waiting, on: app.db)
            } else {
                try await fail(video, reason: error == .notAVideo ? "video.failed.not_video" : "video.failed.unreadable", app: app)
            }
        }
    }

    /// A still from the video, made small and without metadata by libvips when it is there (ffmpeg's own
    /// still carries none either); nil when no frame could be taken from a file ffprobe could read (the
    /// video still plays).
    static func makePoster(from input: String, info: MediaTools.VideoInfo, in scratch: String, app: Application) async throws -> (path: String, width: Int?, height: Int?)? {
        let still = scratch + "/still.jpg"
        do {
            try await app.media.poster(input, duration: info.duration, output: still)
        } catch let error as MediaTools.MediaError where error == .unreadable {
            app.logger.warning("no poster could be taken from a video")
            return nil
        }
        guard app.mediaAvailability.images else {
            // ffmpeg made it at most 1280 wide, its height in proportion and even.
            guard let width = info.width, let height = info.height, width > 0 else { return (still, nil, nil) }
            let shown = min(width, posterBox)
            return (still, shown, Int((Double(height) * Double(shown) / Double(width) / 2).rounded()) * 2)
        }
        let small = scratch + "/poster.jpg"
        let size = try await app.media.resize(still, box: posterBox, output: small, format: .jpeg, quality: 80)
        return (small, size.width, size.height)
    }

    static func set(_ video: Video, to status: Video.Status, on db: any Database) async throws {
        video.status = status
        try await video.save(on: db)
    }

    /// The file is removed at once; the video stays as a note for its uploader, who is told.
    static func fail(_ video: Video, reason: String, app: Application) async throws {
        let videoID = try video.requireID()
        let uploadID = video.$upload.id
        try await app.db.transaction { db in
            video.status = .failed
            video.failure = reason
            video.$upload.id = nil
            video.$poster.id = nil
            try await video.save(on: db)
            try await SearchIndex.remove(module: "video", item: videoID, on: db)
            if let authorID = video.$author.id, let group = try await Group.find(video.$group.id, on: db) {
                try await Notices.send([Notices.Draft(
                    userID: authorID, actorID: nil, groupID: group.id, kind: "video_failed", subject: video.title,
                    url: VideoPaths(slug: group.slug).video(videoID), mail: false)], app: app, on: db)
            }
        }
        if let uploadID { try await Uploads.delete([uploadID], on: app, db: app.db) }
        app.logger.info("an uploaded video could not be read", metadata: ["video": .string(videoID.uuidString), "reason": .string(reason)])
    }

    /// A video whose job failed on every try for a reason other than its file (a file gone from the store,
    /// a full disk) is given up: its file goes and its uploader is told.
    static func giveUp(_ videoID: UUID, app: Application) async throws {
        guard let video = try await Video.find(videoID, on: app.db), video.status == .processing else { return }
        try await fail(video, reason: "video.failed.given_up", app: app)
    }

    /// Hourly: videos that waited for ffmpeg are prepared once it is there, and notes about uploads that
    /// could not be used go after a week.
    static func maintain(app: Application, now: Date = Date()) async throws {
        if app.mediaAvailability.video {
            let waiting = try await Video.query(on: app.db).filter(\.$status == .waiting).all()
            for video in waiting {
                video.status = .processing
                try await video.save(on: app.db)
                try await queue(video.requireID(), app: app, on: app.db)
            }
        }
        try await Video.query(on: app.db).filter(\.$status == .failed).filter(\.$updatedAt < now.addingTimeInterval(-failureRetention)).delete()
    }
}
