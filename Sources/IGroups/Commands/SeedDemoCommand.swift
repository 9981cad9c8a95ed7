import Fluent
import IGroupsCore
import IGroupsPages
import Vapor

/// `igroups seed-demo`: a few verified people to try the site with.
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Creates demo people (verified, Danish and English names) with a known password, printed when done, and demo groups of each visibility." }

    static let password = "demo-gruppe-2026"
    static let people: [(username: String, name: String, email: String, birthdate: String, language: Language)] = [
        ("mette", "Mette Kjærgaard", "mette@example.org", "1984-03-12", .da),
        ("soeren", "Søren Østergaard", "soeren@example.org", "1979-11-02", .da),
        ("anne", "Anne Bøgh Jensen", "anne@example.org", "1992-07-21", .da),
        ("oliver", "Oliver Hughes", "oliver@example.org", "1988-05-30", .en),
        ("emily", "Emily Carter", "emily@example.org", "1995-01-15", .en),
    ]

    static let groups: [(slug: String, name: String, description: String, visibility: Group.Visibility, joinPolicy: Group.JoinPolicy, members: [(String, Membership.Role)])] = [
        ("bridge-oest", "Bridgeklubben Øst", "Vi spiller **bridge** hver tirsdag kl. 19 i Medborgerhuset. Nye spillere er velkomne.", .public, .open,
         [("mette", .owner), ("soeren", .admin), ("anne", .moderator), ("oliver", .member)]),
        ("kolonihaven", "Kolonihaveforeningen Solsikken", "Foreningens fælles sted for *nyheder*, arbejdsdage og udlejning af trailer.", .closed, .request,
         [("anne", .owner), ("mette", .member), ("emily", .member)]),
        ("hughes-family", "The Hughes Family", "Photos, birthdays and the summer house calendar.", .secret, .invitation,
         [("oliver", .owner), ("emily", .admin)]),
    ]

    static let pages: [String: [(slug: String, title: String, body: String)]] = [
        "bridge-oest": [
            ("om-klubben", "Om klubben", "Bridgeklubben Øst blev stiftet i 1978.\n\n## Spilleaftener\n\n- Tirsdag kl. 19–22\n- Torsdag kl. 19–22 (begyndere)\n\nKontingent: 450 kr. om året."),
            ("vedtaegter", "Vedtægter", "## § 1 Navn\n\nKlubbens navn er *Bridgeklubben Øst*.\n\n## § 2 Formål\n\nAt samle medlemmerne om **bridge** i gode rammer."),
        ],
        "kolonihaven": [
            ("arbejdsdage", "Arbejdsdage", "Fælles arbejdsdage er første lørdag i april, juni og september kl. 9.\n\nHusk handsker og kaffekop."),
        ],
    ]

    /// Creates the demo groups that do not exist yet, with their members and pages.
    static func seedGroups(app: Application, on db: any Database, modules: [any GroupModule]) async throws -> [String] {
        for demo in groups where try await Group.query(on: db).filter(\.$slug == demo.slug).first() == nil {
            let group = Group(slug: demo.slug, name: demo.name, description: demo.description, visibility: demo.visibility, joinPolicy: demo.joinPolicy)
            try await db.transaction { db in
                try await group.create(on: db)
                for (username, role) in demo.members {
                    guard let user = try await User.query(on: db).filter(\.$usernameKey == username).first() else { continue }
                    try await Membership(groupID: group.requireID(), userID: user.requireID(), role: role).create(on: db)
                }
                let owner = try await User.query(on: db).filter(\.$usernameKey == demo.members[0].0).first()
                for (index, page) in (pages[demo.slug] ?? []).enumerated() {
                    let textPage = TextPage()
                    textPage.$group.id = try group.requireID()
                    textPage.slug = page.slug
                    textPage.title = page.title
                    textPage.body = page.body
                    textPage.bodyHTML = Markdown.render(page.body)
                    textPage.position = index
                    textPage.visibility = demo.visibility == .public ? .public : .members
                    textPage.$author.id = owner?.id
                    try await textPage.create(on: db)
                    try await TextPageRevision(pageID: textPage.requireID(), title: page.title, body: page.body, authorID: owner?.id).create(on: db)
                }
                for module in modules { try await module.seedDemo(in: group, by: owner?.id, on: db) }
            }
            // Files once the rows are saved: a module's media job reads them.
            let owner = try await User.query(on: db).filter(\.$usernameKey == demo.members[0].0).first()
            for module in modules { try await module.seedDemoMedia(in: group, by: owner?.id, app: app) }
        }
        return groups.map(\.slug)
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app)
        let hash = try await app.password.async.hash(Self.password)
        var created: [String] = []
        for person in Self.people {
            if try await User.query(on: app.db).filter(\.$usernameKey == person.username).first() != nil { continue }
            let user = User(username: person.username, name: person.name, email: person.email, passwordHash: hash, birthdate: person.birthdate, language: person.language)
            user.policyVersion = app.settings.policyVersion
            user.emailVerifiedAt = Date()
            user.descriptionVisibility = .public
            try await app.db.transaction { db in
                try await user.create(on: db)
                try await PolicyAcceptance(userID: try user.requireID(), policyVersion: app.settings.policyVersion, acceptedAt: Date()).create(on: db)
            }
            created.append(person.username)
        }
        let groups = try await Self.seedGroups(app: app, on: app.db, modules: app.groupModules)
        context.console.print("Demo groups: \(groups.joined(separator: ", "))")
        context.console.print("Demo people: \(Self.people.map(\.username).joined(separator: ", ")) (new: \(created.isEmpty ? "none" : created.joined(separator: ", ")))")
        context.console.print("Demo password for all of them: \(Self.password)")
    }
}
