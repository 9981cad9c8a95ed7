/// The personal data Core keeps. Modules declare their own in `GroupModule.personalData`.
/// The person's own row (`users`) comes last, so erasure empties everything that points at it first.
package enum CorePersonalData {
    package static let declarations: [PersonalData] = [
        PersonalData(
            table: UserSession.schema, userColumn: "user_id", purpose: "Keeps a person signed in on a device, and lets them see and end their sessions.",
            legalBasis: .contract, retention: "Until logout, or 30 days without use.", erasure: .delete, omit: ["token_hash"]),
        PersonalData(
            table: EmailToken.schema, userColumn: "user_id", purpose: "Single-use links that verify an address or reset a password.",
            legalBasis: .contract, retention: "Until used, or one day after they expire.", erasure: .delete, omit: ["token_hash"]),
        PersonalData(
            table: LoginAttempt.schema, userColumn: "user_id", purpose: "Counts failed logins to stop password guessing.",
            legalBasis: .legitimateInterest, retention: "24 hours.", erasure: .delete),
        PersonalData(
            table: PolicyAcceptance.schema, userColumn: "user_id", purpose: "Shows which version of the privacy policy the person accepted, and when.",
            legalBasis: .legalObligation, retention: "As long as the account exists.", erasure: .delete),
        PersonalData(
            table: Membership.schema, userColumn: "user_id", purpose: "The groups a person belongs to, and their role in each.",
            legalBasis: .contract, retention: "Until the person leaves or is removed, or the group is deleted.", erasure: .delete),
        PersonalData(
            table: JoinRequest.schema, userColumn: "user_id", purpose: "A person's request to join a group, until admins answer it.",
            legalBasis: .contract, retention: "Until approved, declined or withdrawn.", erasure: .delete),
        PersonalData(
            table: GroupBan.schema, userColumn: "user_id", purpose: "Keeps a person a group has banned from asking to join it again.",
            legalBasis: .legitimateInterest, retention: "Until the group lifts the ban or is deleted.", erasure: .delete),
        PersonalData(
            table: Invitation.schema, userColumn: "invited_by_id", purpose: "Shows which admin invited someone to a group.",
            legalBasis: .contract, retention: Retention.invitationText,
            erasure: .tombstone(clearing: []), omit: ["token_hash"]),
        PersonalData(
            table: Invitation.schema, userColumn: "email", match: .email, purpose: "An invitation sent to the person's address.",
            legalBasis: .contract, retention: Retention.invitationText, erasure: .delete, omit: ["token_hash"]),
        PersonalData(
            table: ConsentRecord.schema, userColumn: "user_id", purpose: "Each consent the person gave or withdrew, with time and policy version, as proof.",
            legalBasis: .legalObligation, retention: "As long as the account exists.", erasure: .delete),
        PersonalData(
            table: Objection.schema, userColumn: "user_id", purpose: "The person's objections to a use of their data, and whether the operator handled them.",
            legalBasis: .legalObligation, retention: "As long as the account exists.", erasure: .delete),
        PersonalData(
            table: Objection.schema, userColumn: "handled_by_id", purpose: "Which operator handled an objection.",
            legalBasis: .legalObligation, retention: "As long as the objection is kept.", erasure: .tombstone(clearing: [])),
        PersonalData(
            table: AuditEvent.schema, userColumn: "user_id", purpose: "Security events of the account (logins, failed logins, password and address changes, exports), shown to the person.",
            legalBasis: .legitimateInterest, retention: "1 year.", erasure: .delete),
        PersonalData(
            table: AuditEvent.schema, userColumn: "actor_id", purpose: "Which admin or operator caused a security event for someone else.",
            legalBasis: .legitimateInterest, retention: "1 year.", erasure: .tombstone(clearing: [])),
        PersonalData(
            table: AgeReport.schema, userColumn: "user_id", purpose: "Reports that the person may be under 16, for the operator to decide.",
            legalBasis: .legalObligation, retention: "Until 90 days after the operator decides; a confirmed report goes with the account.", erasure: .delete, exported: false),
        PersonalData(
            table: AgeReport.schema, userColumn: "reporter_id", purpose: "Who reported a profile as under 16, to tell them the outcome.",
            legalBasis: .legitimateInterest, retention: "Until 90 days after the operator decides.", erasure: .tombstone(clearing: [])),
        PersonalData(
            table: AgeReport.schema, userColumn: "reporter_email", match: .email, purpose: "Where to tell a reporter the outcome of their report.",
            legalBasis: .legitimateInterest, retention: "Until 90 days after the operator decides.", erasure: .delete),
        PersonalData(
            table: BreachNotice.schema, userColumn: "user_id", purpose: "That the person was sent the notice of a personal-data breach, and when.",
            legalBasis: .legalObligation, retention: "As long as the account exists.", erasure: .delete),
        PersonalData(
            table: Breach.schema, userColumn: "recorded_by_id", purpose: "Which operator recorded a breach.",
            legalBasis: .legalObligation, retention: "As long as the breach is kept in the log.", erasure: .tombstone(clearing: []), exported: false),
        PersonalData(
            table: Order.schema, userColumn: "user_id", purpose: "Orders of paid plans for groups and their invoices: who ordered, whom the invoice is made out to, what was bought and paid.",
            legalBasis: .legalObligation, retention: Order.retentionText,
            erasure: .legalHold(clearing: ["buyer_email"], keeping: ["buyer_name", "buyer_address"])),
        PersonalData(
            table: Order.schema, userColumn: "buyer_email", match: .email, purpose: "Where an invoice was mailed, when the one who ordered gave the person's address (a treasurer's).",
            legalBasis: .legalObligation, retention: Order.retentionText,
            erasure: .legalHold(clearing: [], keeping: ["buyer_name", "buyer_address"]), omit: ["user_id"]),
        PersonalData(
            table: DataExport.schema, userColumn: "user_id", purpose: "The person's downloads of their own data, and how far each has come.",
            legalBasis: .legalObligation, retention: "7 days after the download is ready.", erasure: .delete),
        // The bytes are stored once by their hash; erasure deletes the person's uploads and then the bytes no one else's upload shares.
        PersonalData(
            table: SearchDocument.schema, userColumn: "author_id", purpose: "The words of the person's posts and comments, copied so that the group's search finds them.",
            legalBasis: .contract, retention: "While the post or comment is kept; it goes when they are deleted or emptied.", erasure: .delete, exported: false),
        PersonalData(
            table: "jobs", userColumn: "payload", match: .mentions, purpose: "Mail waiting to be sent to the person.",
            legalBasis: .contract, retention: "Until sent; failed mail 30 days.", erasure: .delete, exported: false),
        PersonalData(
            table: Notice.schema, userColumn: "user_id", purpose: "Tells the person what happened for them, e.g. that someone mentioned them.",
            legalBasis: .contract, retention: "Half a year.", erasure: .delete),
        PersonalData(
            table: Notice.schema, userColumn: "actor_id", purpose: "Names who caused a notice to someone else (who mentioned them), and where.",
            legalBasis: .contract, retention: "As long as the other person's notice: half a year.", erasure: .tombstone(clearing: ["subject"]), exported: false),
        PersonalData(
            table: Upload.schema, userColumn: "user_id", purpose: "The files the person uploaded (photos, videos, shared files, their picture) and the copies made of them for showing.",
            legalBasis: .contract, retention: "Until the person or the group deletes them, or the group is deleted.", erasure: .delete, omit: ["blob"]),
        PersonalData(
            table: User.schema, userColumn: "id", purpose: "The account: login, name, contact details and profile, each shown as the person chose.",
            legalBasis: .contract, retention: "Until the person deletes their profile; an account whose address is never verified, 7 days.", erasure: .delete,
            omit: ["password_hash", "username_key", "email_key", "name_key", "description_html", "version"]),
    ]
}
