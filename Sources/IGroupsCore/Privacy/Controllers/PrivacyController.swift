import Fluent
import SQLKit
import Vapor

/// `/me/privacy`: what we hold about me, taking it with me, and deleting my profile.
package struct PrivacyController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("me", "privacy")
        me.get(use: show)
        me.post("export", use: startExport)
        me.get("export", ":export", use: showDownload)
        me.post("export", ":export", use: download)
        me.post("consents", ":purpose", use: changeConsent)
        me.post("objections", use: object)
        me.get("delete", use: showDelete)
        me.post("delete", use: delete)
    }

    /// The privacy page: download, consents, objections, the policy versions I accepted, deletion.
    @Sendable func show(req: Request) async throws -> Response {
        try await Self.page(req, objectionErrors: FormErrors())
    }

    static func page(_ req: Request, objectionErrors: FormErrors, reason: String = "", status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireViewer()
        let userID = try user.requireID()
        let acceptances = try await PolicyAcceptance.query(on: req.db).filter(\.$user.$id == userID).sort(\.$acceptedAt, .descending).all()
        let exports = try await DataExport.query(on: req.db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all()
        let consents = try await ConsentRecord.query(on: req.db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all()
        let objections = try await Objection.query(on: req.db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all()
        return PrivacyPage(
            layout: req.layout(title: req.t("privacy.me.title")),
            acceptances: acceptances.map { ($0.policyVersion, $0.acceptedAt) },
            exports: exports.map(PrivacyPage.Export.init),
            consents: consents.map { PrivacyPage.ConsentRow(purpose: $0.purpose, given: $0.given, at: $0.createdAt ?? Date(), version: $0.policyVersion) },
            objections: objections.map { PrivacyPage.ObjectionRow(purpose: $0.purpose, reason: $0.reason, at: $0.createdAt ?? Date(), handled: $0.handledAt) },
            countsVisits: user.countsVisits,
            objectionErrors: objectionErrors,
            reason: reason
        ).response(status: status)
    }

    struct ConsentForm: Content { var given: String? }

    /// Gives or withdraws a consent with one click; both are recorded with time and policy version.
    @Sendable func changeConsent(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        guard let purpose = ConsentRecord.Purpose(rawValue: req.parameters.get("purpose") ?? "") else { throw Abort(.notFound) }
        let given = try req.content.decode(ConsentForm.self).given == "yes"
        let latest = try await ConsentRecord.query(on: req.db).filter(\.$user.$id == user.requireID()).filter(\.$purpose == purpose).sort(\.$createdAt, .descending).first()
        if (latest?.given ?? false) != given {
            try await ConsentRecord(userID: user.requireID(), purpose: purpose, given: given, policyVersion: req.application.settings.policyVersion).create(on: req.db)
        }
        return .seeOther("/me/privacy?notice=\(given ? "consent_given" : "consent_withdrawn")#consents")
    }

    struct ObjectionForm: Content {
        var purpose: String?
        var reason: String?
    }

    /// Records an objection; one to statistics stops the counting of the person's visits at once.
    @Sendable func object(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let form = try req.content.decode(ObjectionForm.self)
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        let purpose = Objection.Purpose(rawValue: form.purpose ?? "")
        if purpose == nil { errors.add("purpose", req.t("group.error.choose")) }
        if purpose == .other, reason.isEmpty { errors.add("reason", req.t("privacy.objection.error.reason")) }
        if reason.count > 2_000 { errors.add("reason", req.t("profile.error.too_long", ["max": "2000"])) }
        guard let purpose, errors.isEmpty else {
            return try await Self.page(req, objectionErrors: errors, reason: reason, status: .unprocessableEntity)
        }
        try await req.db.transaction { db in
            try await Objection(userID: user.requireID(), purpose: purpose, reason: reason).create(on: db)
            if purpose == .statistics {
                user.countsVisits = false
                try await user.save(on: db)
            }
        }
        return .seeOther("/me/privacy?notice=objection_recorded#objections")
    }

    /// Starts a new download, unless one is on its way; older downloads go.
    @Sendable func startExport(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let userID = try user.requireID()
        let earlier = try await DataExport.query(on: req.db).filter(\.$user.$id == userID).all()
        // A download still not built after an hour has failed (its job died); the person may ask again.
        let stale = Date().addingTimeInterval(-3600)
        if earlier.contains(where: { $0.isPending && ($0.createdAt ?? Date()) > stale }) { return .seeOther("/me/privacy?notice=export_pending") }
        for export in earlier {
            try await req.application.files.delete(export.fileKey)
            try await export.delete(on: req.db)
        }
        let export = DataExport(userID: userID)
        try await req.db.transaction { db in
            try await export.create(on: db)
            try await AuditLog.record(.exportRequested, user: userID, req: req, on: db)
            try await DataExportJob.queue(export, app: req.application, on: db)
        }
        return .seeOther("/me/privacy?notice=export_started#download")
    }

    /// The viewer's own finished download, or 404: nobody learns of anyone else's.
    static func readyExport(_ req: Request, user: User) async throws -> DataExport {
        guard let id = req.parameters.get("export", as: UUID.self),
              let export = try await DataExport.find(id, on: req.db),
              export.$user.id == user.id, export.status == .ready, (export.expiresAt ?? .distantPast) > Date()
        else { throw Abort(.notFound) }
        return export
    }

    /// Asks for the password again before the download.
    @Sendable func showDownload(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let export = try await Self.readyExport(req, user: user)
        return DownloadExportPage(layout: req.layout(title: req.t("privacy.export.download_title")), id: try export.requireID(), errors: FormErrors()).response()
    }

    struct PasswordForm: Content { var password: String? }

    /// Sends the archive once the password is right.
    @Sendable func download(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let export = try await Self.readyExport(req, user: user)
        let check = try await LoginThrottle.check(try req.content.decode(PasswordForm.self).password ?? "", for: user, on: req)
        if let problem = SecurityController.problem(check, t: req.t) {
            var errors = FormErrors()
            errors.add("password", problem)
            return DownloadExportPage(layout: req.layout(title: req.t("privacy.export.download_title")), id: try export.requireID(), errors: errors)
                .response(status: check == .throttled ? .tooManyRequests : .unprocessableEntity)
        }
        // Read from the store as it is sent: an archive with someone's videos can be gigabytes.
        guard let archive = try await req.application.files.stream(export.fileKey, range: nil) else { throw Abort(.notFound) }
        try await AuditLog.record(.exportDownloaded, user: user.requireID(), req: req)
        let response = Response(status: .ok, body: .stored(archive, logger: req.logger))
        response.headers.contentType = .zip
        let day = (export.finishedAt ?? Date()).formatted(.iso8601.year().month().day())
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"igroups-\(user.username)-\(day).zip\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The groups a person owns: they must be handed over or deleted before the profile can go.
    static func ownedGroups(of userID: UUID, on db: any Database) async throws -> [(slug: String, name: String)] {
        let memberships = try await Membership.query(on: db).filter(\.$user.$id == userID).filter(\.$role == .owner).with(\.$group).all()
        return memberships.map { ($0.group.slug, $0.group.name) }.sorted { $0.name < $1.name }
    }

    /// Asks for the password, or first says which groups must be handed over.
    @Sendable func showDelete(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let owned = try await Self.ownedGroups(of: user.requireID(), on: req.db)
        return DeleteProfilePage(layout: req.layout(title: req.t("privacy.delete.title")), owned: owned, errors: FormErrors()).response()
    }

    struct DeleteForm: Content {
        var password: String?
        var confirm: String?
    }

    /// Erases the profile through the privacy registry once the password is right and no group is left without its owner.
    @Sendable func delete(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let userID = try user.requireID()
        let form = try req.content.decode(DeleteForm.self)
        let t = req.t
        let owned = try await Self.ownedGroups(of: userID, on: req.db)
        var errors = FormErrors()
        if form.confirm == nil { errors.add("confirm", t("privacy.delete.error.confirm")) }
        let check = try await LoginThrottle.check(form.password ?? "", for: user, on: req)
        if let problem = SecurityController.problem(check, t: t) { errors.add("password", problem) }
        guard owned.isEmpty, errors.isEmpty else {
            let status: HTTPResponseStatus = check == .throttled ? .tooManyRequests : (owned.isEmpty ? .unprocessableEntity : .conflict)
            return DeleteProfilePage(layout: req.layout(title: t("privacy.delete.title")), owned: owned, errors: errors).response(status: status)
        }
        let farewell = PrivacyMail.Farewell(email: user.email, name: user.name, language: user.language)
        try await req.application.erase(PrivacyRegistry.Person(id: userID, emailKey: user.emailKey), on: req.db)
        try await PrivacyMail.queue(farewell, app: req.application, on: req.db)
        // That a profile was erased is kept, but not whose it was.
        try await AuditLog.record(.profileErased, user: nil, req: req)
        req.logger.notice("a profile was erased at its owner's request")
        try await req.endSession()
        return .seeOther("/?notice=profile_deleted")
    }
}

extension Application {
    /// Erases a person: every declared table in one go, then their files; and notes it in the journal
    /// so that restoring an older backup erases them again.
    package func erase(_ person: PrivacyRegistry.Person, on db: any Database, journal: Bool = true) async throws {
        // The journal first: if anything below fails, a restore still knows to erase this person.
        if journal { try erasureJournal.append(.init(id: person.id, emailKey: person.emailKey, at: Date())) }
        // Files the rows point at go before the rows: uploads in modules, and downloads of their data.
        for module in groupModules {
            // Stored uploads may share their bytes with others' uploads: they go with the person's uploads below.
            for file in try await module.personalFiles(of: person.id, on: db) where !file.key.hasPrefix("blobs/") { try await files.delete(file.key) }
        }
        for export in try await DataExport.query(on: db).filter(\.$user.$id == person.id).all() {
            try await files.delete(export.fileKey)
        }
        // Others' text that names them (`@username`, a quote's "Name:") stops naming them.
        if let user = try await User.find(person.id, on: db) {
            for module in groupModules { try await module.forget(username: user.username, name: user.name, on: db) }
        }
        // What they held for others to have (a place at an event) goes to the next in line.
        try await memberLeft(person.id, group: nil, on: db)
        // The person's uploads (after the modules let go of them above), and at once the stored bytes no
        // one else's upload shares.
        struct UploadRow: Decodable { let id: UUID }
        let uploads = try await db.sql.raw("SELECT id FROM uploads WHERE user_id = \(bind: person.id) AND parent_id IS NULL").all(decoding: UploadRow.self)
        try await Uploads.purge(uploads.map(\.id), on: self, db: db)
        try await privacyRegistry.erase(person, on: db)
        try await files.deleteAll(under: "users/\(person.id.uuidString)/")
    }
}
