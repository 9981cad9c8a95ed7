import IGroups
await IGroupsMain.run()
