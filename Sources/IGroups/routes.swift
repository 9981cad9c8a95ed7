import IGroupsCore
import Vapor

/// Mounts every controller.
func routes(_ app: Application) throws {
    try app.register(collection: SiteController())
    try app.register(collection: SignupController())
    try app.register(collection: LoginController())
    try app.register(collection: VerificationController())
    try app.register(collection: PasswordController())
    try app.register(collection: ProfileController())
    try app.register(collection: PublicProfileController())
    try app.register(collection: AvatarController())
    try app.register(collection: SecurityController())
    try app.register(collection: GroupsController())
    try app.register(collection: GroupAdminController())
    try app.register(collection: GroupLogoController())
    try app.register(collection: PrivacyController())
    try app.register(collection: PolicyAcceptanceController())
    try app.register(collection: AgeReportController())
    try app.register(collection: BreachController())
    try app.register(collection: PlanController())
    try app.register(collection: OperatorBillingController())
    try app.register(collection: GroupMembersController())
    try app.register(collection: JoinRequestsController())
    try app.register(collection: InvitationsController())
    try app.register(collection: GroupModulesController())
    try app.register(collection: OperatorController())
    try app.register(collection: NoticesController())
    try app.register(collection: SearchController())
    try app.mountGroupModules()
}
