import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import IGroupsCalendar
import IGroupsCore
import IGroupsEvents
import IGroupsFiles
import IGroupsLinks
import IGroupsMembers
import IGroupsNews
import IGroupsForum
import IGroupsPages
import IGroupsPhotos
import IGroupsPolls
import IGroupsVideo
import Vapor

/// Wires the application: settings, database, mail, jobs, middleware and routes.
/// Tests pass their own database (an in-memory SQLite, or a PostgreSQL schema of their own).
package func configure(_ app: Application, settings: Settings, database: (factory: DatabaseConfigurationFactory, id: DatabaseID)? = nil) async throws {
    app.settings = settings
    app.translations = try Translations.load(from: app.directory.resourcesDirectory + "Translations")
    app.commonPasswords = try CommonPasswords.load(from: app.directory.resourcesDirectory + "common-passwords.txt")
    app.prepareDummyPasswordHash()
    app.passwords.use(.bcrypt(cost: settings.bcryptCost))
    _ = app.jobQueue
    app.keptPeople = KeptByKey(limit: 5_000)
    app.keptGroups = KeptByKey(limit: 2_000)

    if let database {
        app.databases.use(database.factory, as: database.id)
    } else if let url = settings.databaseURL {
        try app.databases.use(.postgres(url: url), as: .psql)
        app.postgresTarget = Backup.PostgresTarget(url: url, schema: nil)
    } else {
        try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(settings.sqlitePath)), as: .sqlite)
    }
    app.migrations.add(CoreMigrations.all)
    // The modules this program is built with, in their default menu order.
    app.groupModules = [NewsModule(), PhotosModule(), VideoModule(), EventsModule(), CalendarModule(), PollsModule(), ForumModule(), PagesModule(), FilesModule(), LinksModule(), MembersModule()]
    for module in app.groupModules {
        app.migrations.add(module.migrations)
        module.register(on: app)
    }

    app.mailTransport = try makeMailTransport(app, settings: settings)
    app.files = try makeFileStore(app, settings: settings)
    app.ballotSecret = try BallotKey.load(settings)
    app.media = MediaTools(threadPool: app.threadPool)
    app.images = ImageTool(scratch: settings.dataDirectory + "/tmp", media: app.media)
    app.mediaAvailability = .detect()
    Uploads.register(on: app)
    AccountMail.registerJob(on: app)
    GroupMail.registerJob(on: app)
    Notices.registerJob(on: app)
    InvitationMail.registerJob(on: app)
    PrivacyMail.registerJobs(on: app)
    BillingMail.register(on: app)
    DataExportJob.register(on: app)
    Retention.register(on: app)
    Cleanup.register(on: app)
    app.sharedGroupCheck = SharedGroupCheck { a, b, db in try await GroupAccess.shareAGroup(a, b, on: db) }

    app.middleware = Middlewares()
    app.middleware.use(SecurityHeaders(https: settings.isHTTPS))
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(PublicFiles(directory: app.directory.publicDirectory))
    app.middleware.use(SessionMiddleware())
    app.middleware.use(PolicyGate())
    app.useVisitStatistics()
    app.routes.defaultMaxBodySize = "1mb"
    // Browsers never compress what they send: bodies are read as they come, and no decompressor sits in
    // the path of every request.
    app.http.server.configuration.requestDecompression = .disabled

    try routes(app)
}

/// Picks the transport that `MAIL_TRANSPORT` names.
func makeMailTransport(_ app: Application, settings: Settings) throws -> any MailTransport {
    switch settings.mailTransport {
    case .outbox:
        return OutboxTransport(directory: settings.dataDirectory + "/outbox", logger: app.logger)
    case .smtp:
        guard let smtp = settings.smtp else { throw SettingsError(variable: "SMTP_HOST", problem: "is required when MAIL_TRANSPORT=smtp") }
        return SMTPTransport(configuration: smtp, eventLoopGroup: app.eventLoopGroup)
    case .sendgrid:
        return SendGridTransport(client: app.client, apiKey: settings.sendGridAPIKey ?? "", baseURL: settings.sendGridURL)
    }
}

/// Picks the store of uploaded files that `FILE_STORE` names.
func makeFileStore(_ app: Application, settings: Settings) throws -> any FileStore {
    switch settings.fileStore {
    case .local:
        return LocalFileStore(root: settings.dataDirectory + "/files", threadPool: app.threadPool)
    case .s3:
        guard let s3 = settings.s3 else { throw SettingsError(variable: "S3_ENDPOINT", problem: "is required when FILE_STORE=s3") }
        return S3FileStore.make(s3, for: app)
    }
}

/// Brings the database up to date and loads what requests need from it; run before serving.
package func prepareDatabase(_ app: Application) async throws {
    if let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" {
        // WAL lets readers go on while one writer writes; the setting is kept in the file.
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
    try await app.autoMigrate()
    app.siteSecret = try await SiteKeys.csrfKey(on: app.db)
}
