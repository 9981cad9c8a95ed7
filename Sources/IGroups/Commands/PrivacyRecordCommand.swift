import IGroupsCore
import Vapor

/// `igroups privacy-record`: prints the record of processing, made from the privacy registry.
struct PrivacyRecordCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Prints the record of processing (Markdown) made from the privacy registry and the controller settings." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        context.console.output(PrivacyRecord.markdown(app.privacyRegistry, controller: app.settings.controller), style: .plain, newLine: false)
    }
}
