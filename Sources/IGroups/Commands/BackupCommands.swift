import IGroupsCore
import Vapor

/// `igroups backup`: a consistent snapshot of the database and the uploaded files; backups past 30 days go.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "Folder of the backups (default: DATA_DIR/backups).")
        var to: String?
    }

    var help: String { "Writes a consistent snapshot of the database and uploaded files into a new folder, and deletes backups older than 30 days." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let directory = signature.to ?? app.settings.dataDirectory + "/backups"
        do {
            let folder = try await Backup.make(app: app, into: directory)
            context.console.print("Backup written to \(folder)")
        } catch let failure as Backup.Failure {
            throw CommandError(failure.description)
        }
    }
}

/// `igroups restore <folder>`: puts a backup back and erases again everyone erased since it was made.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "folder", help: "A folder `igroups backup` wrote.")
        var folder: String
    }

    var help: String { "Restores a backup, then applies again every erasure the journal records after it, so no deleted person comes back." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        do {
            let applied = try await Backup.restore(app: app, from: signature.folder)
            context.console.print("Restored \(signature.folder); erasures applied again: \(applied)")
        } catch let failure as Backup.Failure {
            throw CommandError(failure.description)
        }
    }
}
