/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AdminUsers {\n    users(includeInactive: true) {\n      id\n      displayName\n      email\n      role\n      active\n      agencyId\n      lockedUntil\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) {\n      id\n      active\n    }\n  }\n": typeof types.DeactivateUserDocument,
    "\n  mutation ReactivateUser($id: ID!) {\n    reactivateUser(id: $id) {\n      id\n      active\n    }\n  }\n": typeof types.ReactivateUserDocument,
    "\n  mutation ResetSecondFactor($userId: ID!) {\n    resetSecondFactor(userId: $userId)\n  }\n": typeof types.ResetSecondFactorDocument,
    "\n  mutation IssuePasswordResetLink($userId: ID!) {\n    issuePasswordResetLink(userId: $userId) {\n      url\n      expiresAt\n    }\n  }\n": typeof types.IssuePasswordResetLinkDocument,
    "\n  query AdminAgencies {\n    agencies {\n      id\n      code\n      name\n      kind\n      parentId\n      systems {\n        id\n        name\n        securityLevel\n      }\n    }\n  }\n": typeof types.AdminAgenciesDocument,
    "\n  mutation CreateAgency($input: CreateAgencyInput!) {\n    createAgency(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateAgencyDocument,
    "\n  query AdminTeams {\n    teams {\n      id\n      name\n      description\n      members {\n        userId\n        isLead\n      }\n      schedules {\n        id\n        name\n        layers {\n          id\n        }\n      }\n    }\n    users {\n      id\n      displayName\n    }\n  }\n": typeof types.AdminTeamsDocument,
    "\n  mutation CreateTeam($input: TeamInput!) {\n    createTeam(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateTeamDocument,
    "\n  query AdminSla {\n    slaPolicies {\n      id\n      severity\n      ackMinutes\n      resolveMinutes\n      warnPercent\n      workingHoursOnly\n      version\n    }\n  }\n": typeof types.AdminSlaDocument,
    "\n  mutation UpdateSla($severity: Severity!, $input: SlaPolicyInput!) {\n    updateSlaPolicy(severity: $severity, input: $input) {\n      id\n      ackMinutes\n      resolveMinutes\n      warnPercent\n      workingHoursOnly\n      version\n    }\n  }\n": typeof types.UpdateSlaDocument,
    "\n  query AdminChains {\n    escalationChains {\n      id\n      name\n      description\n      isDefault\n      repeatCount\n      version\n      steps {\n        id\n        position\n        delaySeconds\n        channels\n        targets {\n          kind\n          userId\n          teamId\n          role\n        }\n      }\n    }\n    teams {\n      id\n      name\n    }\n    users {\n      id\n      displayName\n      role\n      active\n    }\n  }\n": typeof types.AdminChainsDocument,
    "\n  mutation CreateChain($input: EscalationChainInput!) {\n    createEscalationChain(input: $input) {\n      id\n      name\n      version\n    }\n  }\n": typeof types.CreateChainDocument,
    "\n  mutation UpdateChain($id: ID!, $input: EscalationChainInput!) {\n    updateEscalationChain(id: $id, input: $input) {\n      id\n      name\n      version\n    }\n  }\n": typeof types.UpdateChainDocument,
    "\n  mutation DeleteChain($id: ID!) {\n    deleteEscalationChain(id: $id)\n  }\n": typeof types.DeleteChainDocument,
    "\n  query AdminPolicies {\n    escalationPolicies {\n      id\n      severity\n      category\n      agencyId\n      chainId\n    }\n    escalationChains {\n      id\n      name\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n": typeof types.AdminPoliciesDocument,
    "\n  mutation CreatePolicy($input: EscalationPolicyInput!) {\n    createEscalationPolicy(input: $input) {\n      id\n    }\n  }\n": typeof types.CreatePolicyDocument,
    "\n  mutation DeletePolicy($id: ID!) {\n    deleteEscalationPolicy(id: $id)\n  }\n": typeof types.DeletePolicyDocument,
    "\n  query Readiness($days: Int!) {\n    escalationReadiness(days: $days) {\n      from\n      to\n      chains {\n        chainId\n        chainName\n        ready\n        steps {\n          position\n          reachesNobodyNow\n          reason\n          onCallGaps {\n            start\n            end\n          }\n        }\n      }\n      teams {\n        teamId\n        teamName\n        gaps {\n          start\n          end\n        }\n        membersWithoutVerifiedContact {\n          id\n          displayName\n          email\n        }\n        onCallNowWithoutVerifiedContact {\n          id\n          displayName\n          email\n        }\n      }\n    }\n  }\n": typeof types.ReadinessDocument,
    "\n  mutation AddRotationLayer($scheduleId: ID!, $input: RotationLayerInput!) {\n    addRotationLayer(scheduleId: $scheduleId, input: $input) {\n      id\n    }\n  }\n": typeof types.AddRotationLayerDocument,
    "\n  mutation CreateOverride($scheduleId: ID!, $input: OverrideInput!) {\n    createOverride(scheduleId: $scheduleId, input: $input) {\n      id\n    }\n  }\n": typeof types.CreateOverrideDocument,
    "\n  mutation DeleteOverride($id: ID!) {\n    deleteOverride(id: $id)\n  }\n": typeof types.DeleteOverrideDocument,
    "\n  query ScheduleCoverage($scheduleId: ID!, $from: DateTime!, $to: DateTime!) {\n    scheduleCoverage(scheduleId: $scheduleId, from: $from, to: $to) {\n      start\n      end\n      source\n      userIds\n    }\n  }\n": typeof types.ScheduleCoverageDocument,
    "\n  query TeamOncall($id: ID!) {\n    team(id: $id) {\n      id\n      name\n      members {\n        userId\n        isLead\n      }\n      schedules {\n        id\n        name\n        version\n        layers {\n          id\n          name\n          participantIds\n          shiftLengthHours\n          handoffTime\n          startDate\n        }\n        overrides {\n          id\n          userId\n          startsAt\n          endsAt\n          reason\n        }\n      }\n    }\n    onCallNow(teamId: $id) {\n      id\n      displayName\n    }\n    users {\n      id\n      displayName\n      role\n    }\n  }\n": typeof types.TeamOncallDocument,
    "\n  mutation AddTeamMember($teamId: ID!, $input: TeamMemberInput!) {\n    addTeamMember(teamId: $teamId, input: $input) {\n      userId\n    }\n  }\n": typeof types.AddTeamMemberDocument,
    "\n  mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {\n    removeTeamMember(teamId: $teamId, userId: $userId)\n  }\n": typeof types.RemoveTeamMemberDocument,
    "\n  mutation CreateSchedule($teamId: ID!, $name: String!) {\n    createSchedule(teamId: $teamId, name: $name) {\n      id\n    }\n  }\n": typeof types.CreateScheduleDocument,
    "\n  query WebPushKey {\n    webPushPublicKey\n  }\n": typeof types.WebPushKeyDocument,
    "\n  mutation SubscribeWebPush($input: WebPushSubscriptionInput!) {\n    subscribeWebPush(input: $input) {\n      id\n      address\n      verified\n    }\n  }\n": typeof types.SubscribeWebPushDocument,
    "\n  mutation UnsubscribeWebPush($endpoint: String!) {\n    unsubscribeWebPush(endpoint: $endpoint)\n  }\n": typeof types.UnsubscribeWebPushDocument,
    "\n  query Dashboard(\n    $today: DateTime!\n    $now: DateTime!\n    $month: DateTime!\n    $prevMonth: DateTime!\n    $f0: DateTime!\n    $f1: DateTime!\n    $f2: DateTime!\n    $f3: DateTime!\n    $f4: DateTime!\n    $f5: DateTime!\n    $f6: DateTime!\n    $f7: DateTime!\n  ) {\n    critical: incidents(\n      filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [CRITICAL] }\n      first: 1\n    ) {\n      totalCount\n    }\n    high: incidents(filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [HIGH] }, first: 1) {\n      totalCount\n    }\n    medium: incidents(\n      filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [MEDIUM] }\n      first: 1\n    ) {\n      totalCount\n    }\n    low: incidents(filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [LOW] }, first: 1) {\n      totalCount\n    }\n    today: metrics(from: $today, to: $now) {\n      total\n      byAgency {\n        agencyId\n        ackBreaches\n      }\n    }\n    month: metrics(from: $month, to: $now) {\n      total\n      mttaSeconds\n      mttrSeconds\n      ackSlaCompliance\n      resolveSlaCompliance\n      byAgency {\n        agencyId\n        total\n        open\n        ackBreaches\n        mttaSeconds\n        mttrSeconds\n      }\n    }\n    previous: metrics(from: $prevMonth, to: $month) {\n      total\n      ackSlaCompliance\n      resolveSlaCompliance\n    }\n    w0: metrics(from: $f0, to: $f1) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w1: metrics(from: $f1, to: $f2) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w2: metrics(from: $f2, to: $f3) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w3: metrics(from: $f3, to: $f4) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w4: metrics(from: $f4, to: $f5) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w5: metrics(from: $f5, to: $f6) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w6: metrics(from: $f6, to: $f7) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w7: metrics(from: $f7, to: $now) {\n      mttaSeconds\n      mttrSeconds\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query MyInbox($unreadOnly: Boolean, $after: String) {\n    myNotifications(first: 20, unreadOnly: $unreadOnly, after: $after) {\n      unreadCount\n      totalCount\n      edges {\n        node {\n          id\n          event\n          channel\n          createdAt\n          readAt\n          incidentId\n          incident {\n            id\n            code\n            title\n            severity\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MyInboxDocument,
    "\n  mutation MarkRead($ids: [ID!]!) {\n    markNotificationsRead(ids: $ids)\n  }\n": typeof types.MarkReadDocument,
    "\n  mutation MarkAllRead {\n    markAllNotificationsRead\n  }\n": typeof types.MarkAllReadDocument,
    "\n  query IncidentDetail($id: ID!) {\n    incident(id: $id) {\n      id\n      code\n      title\n      description\n      category\n      severity\n      tlp\n      status\n      source\n      createdAt\n      detectedAt\n      acknowledgedAt\n      resolvedAt\n      ackDueAt\n      resolveDueAt\n      slaPaused\n      escalationLevel\n      version\n      agencyId\n      reporterId\n      assigneeId\n      teamId\n      duplicateOfId\n      resolutionCode\n      lessonsLearned\n      affectedSystemName\n      resolutionSummary\n      escalation {\n        chainName\n        stepIndex\n        stepCount\n        repeat\n        run\n        startedAt\n        nextAt\n        stoppedAt\n        stopReason\n      }\n      agency {\n        id\n        code\n        name\n      }\n      assignee {\n        id\n        displayName\n      }\n      timeline {\n        id\n        kind\n        occurredAt\n        internal\n        actorId\n        dataJson\n      }\n      comments {\n        id\n        body\n        internal\n        createdAt\n        authorId\n      }\n      taskProgress {\n        done\n        total\n        percent\n      }\n      tasks {\n        id\n        title\n        done\n        overdue\n        dueAt\n        phase\n        role\n      }\n      suggestedRunbooks {\n        id\n        title\n      }\n      observables {\n        id\n        type\n        value\n        tlp\n        description\n      }\n    }\n  }\n": typeof types.IncidentDetailDocument,
    "\n  subscription IncidentLive($id: ID!) {\n    incidentChanged(id: $id) {\n      type\n      incidentId\n    }\n  }\n": typeof types.IncidentLiveDocument,
    "\n  query IncidentNotifications($incidentId: ID!) {\n    notifications(incidentId: $incidentId) {\n      id\n      event\n      recipientId\n      recipientName\n      channel\n      state\n      attempts\n      lastError\n      outcomeUnknown\n      fallbackFromId\n      repeat\n      createdAt\n      sentAt\n      failedAt\n      deferredUntil\n      acknowledgedAt\n      acknowledgedVia\n    }\n  }\n": typeof types.IncidentNotificationsDocument,
    "\n  mutation RetryNotification($id: ID!) {\n    retryNotification(id: $id) {\n      id\n      state\n      attempts\n      lastError\n      failedAt\n    }\n  }\n": typeof types.RetryNotificationDocument,
    "\n  query ListIncidents($filter: IncidentFilter!, $orderBy: IncidentOrder!, $after: String) {\n    incidents(filter: $filter, first: 20, orderBy: $orderBy, after: $after) {\n      edges {\n        node {\n          ...IncidentRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ListIncidentsDocument,
    "\n  query IncidentCounts($filter: IncidentFilter!) {\n    incidentCounts(filter: $filter) {\n      total\n      byStatus {\n        key\n        count\n      }\n      bySeverity {\n        key\n        count\n      }\n      byCategory {\n        key\n        count\n      }\n      bySlaState {\n        key\n        count\n      }\n      bySource {\n        key\n        count\n      }\n    }\n  }\n": typeof types.IncidentCountsDocument,
    "\n  query QueueIncidents($filter: IncidentFilter!) {\n    incidents(filter: $filter, first: 20) {\n      totalCount\n      edges {\n        node {\n          ...IncidentRow\n        }\n      }\n    }\n  }\n": typeof types.QueueIncidentsDocument,
    "\n  query MyTeams {\n    teams {\n      id\n      name\n      members {\n        userId\n      }\n    }\n  }\n": typeof types.MyTeamsDocument,
    "\n  subscription IncidentChanges {\n    incidentChanged {\n      type\n      incidentId\n      incident {\n        ...IncidentRow\n      }\n    }\n  }\n": typeof types.IncidentChangesDocument,
    "\n  query ReportAgencies {\n    agencies {\n      id\n      code\n      name\n      systems {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ReportAgenciesDocument,
    "\n  mutation ReportIncident($input: ReportIncidentInput!) {\n    reportIncident(input: $input) {\n      id\n      code\n      status\n    }\n  }\n": typeof types.ReportIncidentDocument,
    "\n  mutation BeginSecondFactorEnrolment {\n    beginSecondFactorEnrolment {\n      secret\n      qrCodeDataUrl\n    }\n  }\n": typeof types.BeginSecondFactorEnrolmentDocument,
    "\n  query SecondFactorEnrolmentStatus {\n    mySecondFactor {\n      resetAt\n    }\n  }\n": typeof types.SecondFactorEnrolmentStatusDocument,
    "\n  mutation ConfirmSecondFactorEnrolment($code: String!) {\n    confirmSecondFactorEnrolment(code: $code)\n  }\n": typeof types.ConfirmSecondFactorEnrolmentDocument,
    "\n  query NotificationSettings {\n    channelStatus {\n      channel\n      configured\n      detail\n    }\n    myContactMethods {\n      id\n      channel\n      address\n      verified\n      verifiedAt\n      failedAt\n      failureReason\n      createdAt\n    }\n    notificationPreferences {\n      userId\n      quietStart\n      quietEnd\n      channelOrder {\n        severity\n        channels\n      }\n    }\n  }\n": typeof types.NotificationSettingsDocument,
    "\n  mutation AddContactMethod($input: AddContactMethodInput!) {\n    addContactMethod(input: $input) {\n      id\n    }\n  }\n": typeof types.AddContactMethodDocument,
    "\n  mutation RemoveContactMethod($id: ID!) {\n    removeContactMethod(id: $id)\n  }\n": typeof types.RemoveContactMethodDocument,
    "\n  mutation SendTestNotification($contactMethodId: ID!) {\n    sendTestNotification(contactMethodId: $contactMethodId) {\n      id\n      state\n    }\n  }\n": typeof types.SendTestNotificationDocument,
    "\n  mutation LinkCode($channel: NotificationChannel!) {\n    createLinkCode(channel: $channel) {\n      channel\n      code\n      deepLink\n      expiresAt\n      instruction\n    }\n  }\n": typeof types.LinkCodeDocument,
    "\n  mutation UpdatePreferences($input: NotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      userId\n      quietStart\n      quietEnd\n      channelOrder {\n        severity\n        channels\n      }\n    }\n  }\n": typeof types.UpdatePreferencesDocument,
    "\n  query MySecurity {\n    mySecondFactor {\n      enabled\n      required\n      recoveryCodesLeft\n      resetAt\n    }\n    mySessions {\n      id\n      userAgent\n      ip\n      lastUsedAt\n      current\n    }\n  }\n": typeof types.MySecurityDocument,
    "\n  mutation EndMySession($id: ID!) {\n    endMySession(id: $id)\n  }\n": typeof types.EndMySessionDocument,
    "\n  query MyProfile {\n    me {\n      id\n      email\n      displayName\n      locale\n      timeZone\n      contactMethods {\n        email\n        phone\n        telegramChatId\n        zaloUserId\n      }\n    }\n  }\n": typeof types.MyProfileDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateMyProfile(input: $input) {\n      id\n      timeZone\n      locale\n      contactMethods {\n        email\n        phone\n        telegramChatId\n        zaloUserId\n      }\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query UnreadCount {\n    myNotifications(first: 1, unreadOnly: true) {\n      unreadCount\n    }\n  }\n": typeof types.UnreadCountDocument,
    "\n  subscription BellLive {\n    incidentChanged {\n      type\n      incidentId\n    }\n  }\n": typeof types.BellLiveDocument,
    "\n  mutation EscalateIncident($id: ID!, $v: Int, $reason: String!) {\n    escalateIncident(id: $id, expectedVersion: $v, reason: $reason) {\n      id\n      escalationLevel\n      version\n    }\n  }\n": typeof types.EscalateIncidentDocument,
    "\n  mutation PauseSla($id: ID!, $reason: String!) {\n    pauseSlaClock(incidentId: $id, reason: $reason) {\n      id\n      slaPaused\n      version\n    }\n  }\n": typeof types.PauseSlaDocument,
    "\n  mutation ResumeSla($id: ID!) {\n    resumeSlaClock(incidentId: $id) {\n      id\n      slaPaused\n      ackDueAt\n      resolveDueAt\n      version\n    }\n  }\n": typeof types.ResumeSlaDocument,
    "\n  query FilterAgencies {\n    agencies {\n      id\n      name\n    }\n  }\n": typeof types.FilterAgenciesDocument,
    "\n  mutation AddComment($incidentId: ID!, $body: String!, $internal: Boolean!) {\n    addComment(incidentId: $incidentId, body: $body, internal: $internal) {\n      id\n    }\n  }\n": typeof types.AddCommentDocument,
    "\n  fragment IncidentRow on Incident {\n    id\n    code\n    title\n    severity\n    tlp\n    status\n    createdAt\n    ackDueAt\n    resolveDueAt\n    slaPaused\n    assigneeId\n    agencyId\n    assignee {\n      id\n      displayName\n    }\n    agency {\n      id\n      code\n    }\n  }\n": typeof types.IncidentRowFragmentDoc,
    "\n  query SlaWarnings {\n    slaPolicies {\n      id\n      severity\n      warnPercent\n    }\n  }\n": typeof types.SlaWarningsDocument,
    "\n  mutation Acknowledge($id: ID!, $v: Int) {\n    acknowledgeIncident(id: $id, expectedVersion: $v) {\n      id\n      status\n      version\n      assigneeId\n    }\n  }\n": typeof types.AcknowledgeDocument,
    "\n  mutation Contain($id: ID!, $v: Int, $note: String) {\n    containIncident(id: $id, expectedVersion: $v, note: $note) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.ContainDocument,
    "\n  mutation Resolve($id: ID!, $v: Int, $resolution: String!) {\n    resolveIncident(id: $id, expectedVersion: $v, resolution: $resolution) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.ResolveDocument,
    "\n  mutation Close($id: ID!, $v: Int, $code: ResolutionCode, $lessons: String) {\n    closeIncident(id: $id, expectedVersion: $v, resolutionCode: $code, lessonsLearned: $lessons) {\n      id\n      status\n      resolutionCode\n      lessonsLearned\n      version\n    }\n  }\n": typeof types.CloseDocument,
    "\n  mutation Reopen($id: ID!, $v: Int, $reason: String!) {\n    reopenIncident(id: $id, expectedVersion: $v, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.ReopenDocument,
    "\n  mutation AddObservable($incidentId: ID!, $input: ObservableInput!) {\n    addObservable(incidentId: $incidentId, input: $input) {\n      id\n    }\n  }\n": typeof types.AddObservableDocument,
    "\n  query PickIncidents($search: String!) {\n    incidents(filter: { search: $search }, first: 8) {\n      edges {\n        node {\n          id\n          code\n          title\n          status\n        }\n      }\n    }\n  }\n": typeof types.PickIncidentsDocument,
    "\n  mutation SetTaskDone($taskId: ID!, $done: Boolean!) {\n    setTaskDone(taskId: $taskId, done: $done) {\n      id\n      done\n      overdue\n    }\n  }\n": typeof types.SetTaskDoneDocument,
    "\n  mutation ApplyRunbook($incidentId: ID!, $runbookId: ID!) {\n    applyRunbook(incidentId: $incidentId, runbookId: $runbookId) {\n      id\n    }\n  }\n": typeof types.ApplyRunbookDocument,
    "\n  query AllRunbooks {\n    runbooks {\n      id\n      title\n    }\n  }\n": typeof types.AllRunbooksDocument,
    "\n  mutation SetLocale($locale: String!) {\n    updateMyProfile(input: { locale: $locale }) {\n      id\n      locale\n    }\n  }\n": typeof types.SetLocaleDocument,
    "\n  mutation RejectIncident($id: ID!, $v: Int, $reason: String!, $duplicateOfId: ID) {\n    rejectIncident(id: $id, expectedVersion: $v, reason: $reason, duplicateOfId: $duplicateOfId) {\n      id\n      status\n      duplicateOfId\n      version\n    }\n  }\n": typeof types.RejectIncidentDocument,
    "\n  query StaffDirectory {\n    teams {\n      id\n      name\n      members {\n        userId\n      }\n    }\n    users {\n      id\n      displayName\n      role\n    }\n  }\n": typeof types.StaffDirectoryDocument,
    "\n  query IncidentForTriage($id: ID!) {\n    incident(id: $id) {\n      id\n      code\n      status\n      severity\n      category\n      tlp\n      teamId\n      assigneeId\n      version\n    }\n  }\n": typeof types.IncidentForTriageDocument,
    "\n  mutation TriageIncident($id: ID!, $input: TriageIncidentInput!) {\n    triageIncident(id: $id, input: $input) {\n      id\n      status\n      severity\n      category\n      tlp\n      teamId\n      assigneeId\n      version\n    }\n  }\n": typeof types.TriageIncidentDocument,
    "\n  mutation ReclassifyIncident($id: ID!, $input: TriageIncidentInput!) {\n    reclassifyIncident(id: $id, input: $input) {\n      id\n      severity\n      category\n      tlp\n      teamId\n      version\n    }\n  }\n": typeof types.ReclassifyIncidentDocument,
    "\n  mutation AssignIncident($id: ID!, $v: Int, $assigneeId: ID, $teamId: ID) {\n    assignIncident(id: $id, expectedVersion: $v, assigneeId: $assigneeId, teamId: $teamId) {\n      id\n      teamId\n      assigneeId\n      version\n    }\n  }\n": typeof types.AssignIncidentDocument,
};
const documents: Documents = {
    "\n  query AdminUsers {\n    users(includeInactive: true) {\n      id\n      displayName\n      email\n      role\n      active\n      agencyId\n      lockedUntil\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n": types.AdminUsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) {\n      id\n      active\n    }\n  }\n": types.DeactivateUserDocument,
    "\n  mutation ReactivateUser($id: ID!) {\n    reactivateUser(id: $id) {\n      id\n      active\n    }\n  }\n": types.ReactivateUserDocument,
    "\n  mutation ResetSecondFactor($userId: ID!) {\n    resetSecondFactor(userId: $userId)\n  }\n": types.ResetSecondFactorDocument,
    "\n  mutation IssuePasswordResetLink($userId: ID!) {\n    issuePasswordResetLink(userId: $userId) {\n      url\n      expiresAt\n    }\n  }\n": types.IssuePasswordResetLinkDocument,
    "\n  query AdminAgencies {\n    agencies {\n      id\n      code\n      name\n      kind\n      parentId\n      systems {\n        id\n        name\n        securityLevel\n      }\n    }\n  }\n": types.AdminAgenciesDocument,
    "\n  mutation CreateAgency($input: CreateAgencyInput!) {\n    createAgency(input: $input) {\n      id\n    }\n  }\n": types.CreateAgencyDocument,
    "\n  query AdminTeams {\n    teams {\n      id\n      name\n      description\n      members {\n        userId\n        isLead\n      }\n      schedules {\n        id\n        name\n        layers {\n          id\n        }\n      }\n    }\n    users {\n      id\n      displayName\n    }\n  }\n": types.AdminTeamsDocument,
    "\n  mutation CreateTeam($input: TeamInput!) {\n    createTeam(input: $input) {\n      id\n    }\n  }\n": types.CreateTeamDocument,
    "\n  query AdminSla {\n    slaPolicies {\n      id\n      severity\n      ackMinutes\n      resolveMinutes\n      warnPercent\n      workingHoursOnly\n      version\n    }\n  }\n": types.AdminSlaDocument,
    "\n  mutation UpdateSla($severity: Severity!, $input: SlaPolicyInput!) {\n    updateSlaPolicy(severity: $severity, input: $input) {\n      id\n      ackMinutes\n      resolveMinutes\n      warnPercent\n      workingHoursOnly\n      version\n    }\n  }\n": types.UpdateSlaDocument,
    "\n  query AdminChains {\n    escalationChains {\n      id\n      name\n      description\n      isDefault\n      repeatCount\n      version\n      steps {\n        id\n        position\n        delaySeconds\n        channels\n        targets {\n          kind\n          userId\n          teamId\n          role\n        }\n      }\n    }\n    teams {\n      id\n      name\n    }\n    users {\n      id\n      displayName\n      role\n      active\n    }\n  }\n": types.AdminChainsDocument,
    "\n  mutation CreateChain($input: EscalationChainInput!) {\n    createEscalationChain(input: $input) {\n      id\n      name\n      version\n    }\n  }\n": types.CreateChainDocument,
    "\n  mutation UpdateChain($id: ID!, $input: EscalationChainInput!) {\n    updateEscalationChain(id: $id, input: $input) {\n      id\n      name\n      version\n    }\n  }\n": types.UpdateChainDocument,
    "\n  mutation DeleteChain($id: ID!) {\n    deleteEscalationChain(id: $id)\n  }\n": types.DeleteChainDocument,
    "\n  query AdminPolicies {\n    escalationPolicies {\n      id\n      severity\n      category\n      agencyId\n      chainId\n    }\n    escalationChains {\n      id\n      name\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n": types.AdminPoliciesDocument,
    "\n  mutation CreatePolicy($input: EscalationPolicyInput!) {\n    createEscalationPolicy(input: $input) {\n      id\n    }\n  }\n": types.CreatePolicyDocument,
    "\n  mutation DeletePolicy($id: ID!) {\n    deleteEscalationPolicy(id: $id)\n  }\n": types.DeletePolicyDocument,
    "\n  query Readiness($days: Int!) {\n    escalationReadiness(days: $days) {\n      from\n      to\n      chains {\n        chainId\n        chainName\n        ready\n        steps {\n          position\n          reachesNobodyNow\n          reason\n          onCallGaps {\n            start\n            end\n          }\n        }\n      }\n      teams {\n        teamId\n        teamName\n        gaps {\n          start\n          end\n        }\n        membersWithoutVerifiedContact {\n          id\n          displayName\n          email\n        }\n        onCallNowWithoutVerifiedContact {\n          id\n          displayName\n          email\n        }\n      }\n    }\n  }\n": types.ReadinessDocument,
    "\n  mutation AddRotationLayer($scheduleId: ID!, $input: RotationLayerInput!) {\n    addRotationLayer(scheduleId: $scheduleId, input: $input) {\n      id\n    }\n  }\n": types.AddRotationLayerDocument,
    "\n  mutation CreateOverride($scheduleId: ID!, $input: OverrideInput!) {\n    createOverride(scheduleId: $scheduleId, input: $input) {\n      id\n    }\n  }\n": types.CreateOverrideDocument,
    "\n  mutation DeleteOverride($id: ID!) {\n    deleteOverride(id: $id)\n  }\n": types.DeleteOverrideDocument,
    "\n  query ScheduleCoverage($scheduleId: ID!, $from: DateTime!, $to: DateTime!) {\n    scheduleCoverage(scheduleId: $scheduleId, from: $from, to: $to) {\n      start\n      end\n      source\n      userIds\n    }\n  }\n": types.ScheduleCoverageDocument,
    "\n  query TeamOncall($id: ID!) {\n    team(id: $id) {\n      id\n      name\n      members {\n        userId\n        isLead\n      }\n      schedules {\n        id\n        name\n        version\n        layers {\n          id\n          name\n          participantIds\n          shiftLengthHours\n          handoffTime\n          startDate\n        }\n        overrides {\n          id\n          userId\n          startsAt\n          endsAt\n          reason\n        }\n      }\n    }\n    onCallNow(teamId: $id) {\n      id\n      displayName\n    }\n    users {\n      id\n      displayName\n      role\n    }\n  }\n": types.TeamOncallDocument,
    "\n  mutation AddTeamMember($teamId: ID!, $input: TeamMemberInput!) {\n    addTeamMember(teamId: $teamId, input: $input) {\n      userId\n    }\n  }\n": types.AddTeamMemberDocument,
    "\n  mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {\n    removeTeamMember(teamId: $teamId, userId: $userId)\n  }\n": types.RemoveTeamMemberDocument,
    "\n  mutation CreateSchedule($teamId: ID!, $name: String!) {\n    createSchedule(teamId: $teamId, name: $name) {\n      id\n    }\n  }\n": types.CreateScheduleDocument,
    "\n  query WebPushKey {\n    webPushPublicKey\n  }\n": types.WebPushKeyDocument,
    "\n  mutation SubscribeWebPush($input: WebPushSubscriptionInput!) {\n    subscribeWebPush(input: $input) {\n      id\n      address\n      verified\n    }\n  }\n": types.SubscribeWebPushDocument,
    "\n  mutation UnsubscribeWebPush($endpoint: String!) {\n    unsubscribeWebPush(endpoint: $endpoint)\n  }\n": types.UnsubscribeWebPushDocument,
    "\n  query Dashboard(\n    $today: DateTime!\n    $now: DateTime!\n    $month: DateTime!\n    $prevMonth: DateTime!\n    $f0: DateTime!\n    $f1: DateTime!\n    $f2: DateTime!\n    $f3: DateTime!\n    $f4: DateTime!\n    $f5: DateTime!\n    $f6: DateTime!\n    $f7: DateTime!\n  ) {\n    critical: incidents(\n      filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [CRITICAL] }\n      first: 1\n    ) {\n      totalCount\n    }\n    high: incidents(filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [HIGH] }, first: 1) {\n      totalCount\n    }\n    medium: incidents(\n      filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [MEDIUM] }\n      first: 1\n    ) {\n      totalCount\n    }\n    low: incidents(filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [LOW] }, first: 1) {\n      totalCount\n    }\n    today: metrics(from: $today, to: $now) {\n      total\n      byAgency {\n        agencyId\n        ackBreaches\n      }\n    }\n    month: metrics(from: $month, to: $now) {\n      total\n      mttaSeconds\n      mttrSeconds\n      ackSlaCompliance\n      resolveSlaCompliance\n      byAgency {\n        agencyId\n        total\n        open\n        ackBreaches\n        mttaSeconds\n        mttrSeconds\n      }\n    }\n    previous: metrics(from: $prevMonth, to: $month) {\n      total\n      ackSlaCompliance\n      resolveSlaCompliance\n    }\n    w0: metrics(from: $f0, to: $f1) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w1: metrics(from: $f1, to: $f2) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w2: metrics(from: $f2, to: $f3) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w3: metrics(from: $f3, to: $f4) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w4: metrics(from: $f4, to: $f5) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w5: metrics(from: $f5, to: $f6) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w6: metrics(from: $f6, to: $f7) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w7: metrics(from: $f7, to: $now) {\n      mttaSeconds\n      mttrSeconds\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n": types.DashboardDocument,
    "\n  query MyInbox($unreadOnly: Boolean, $after: String) {\n    myNotifications(first: 20, unreadOnly: $unreadOnly, after: $after) {\n      unreadCount\n      totalCount\n      edges {\n        node {\n          id\n          event\n          channel\n          createdAt\n          readAt\n          incidentId\n          incident {\n            id\n            code\n            title\n            severity\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MyInboxDocument,
    "\n  mutation MarkRead($ids: [ID!]!) {\n    markNotificationsRead(ids: $ids)\n  }\n": types.MarkReadDocument,
    "\n  mutation MarkAllRead {\n    markAllNotificationsRead\n  }\n": types.MarkAllReadDocument,
    "\n  query IncidentDetail($id: ID!) {\n    incident(id: $id) {\n      id\n      code\n      title\n      description\n      category\n      severity\n      tlp\n      status\n      source\n      createdAt\n      detectedAt\n      acknowledgedAt\n      resolvedAt\n      ackDueAt\n      resolveDueAt\n      slaPaused\n      escalationLevel\n      version\n      agencyId\n      reporterId\n      assigneeId\n      teamId\n      duplicateOfId\n      resolutionCode\n      lessonsLearned\n      affectedSystemName\n      resolutionSummary\n      escalation {\n        chainName\n        stepIndex\n        stepCount\n        repeat\n        run\n        startedAt\n        nextAt\n        stoppedAt\n        stopReason\n      }\n      agency {\n        id\n        code\n        name\n      }\n      assignee {\n        id\n        displayName\n      }\n      timeline {\n        id\n        kind\n        occurredAt\n        internal\n        actorId\n        dataJson\n      }\n      comments {\n        id\n        body\n        internal\n        createdAt\n        authorId\n      }\n      taskProgress {\n        done\n        total\n        percent\n      }\n      tasks {\n        id\n        title\n        done\n        overdue\n        dueAt\n        phase\n        role\n      }\n      suggestedRunbooks {\n        id\n        title\n      }\n      observables {\n        id\n        type\n        value\n        tlp\n        description\n      }\n    }\n  }\n": types.IncidentDetailDocument,
    "\n  subscription IncidentLive($id: ID!) {\n    incidentChanged(id: $id) {\n      type\n      incidentId\n    }\n  }\n": types.IncidentLiveDocument,
    "\n  query IncidentNotifications($incidentId: ID!) {\n    notifications(incidentId: $incidentId) {\n      id\n      event\n      recipientId\n      recipientName\n      channel\n      state\n      attempts\n      lastError\n      outcomeUnknown\n      fallbackFromId\n      repeat\n      createdAt\n      sentAt\n      failedAt\n      deferredUntil\n      acknowledgedAt\n      acknowledgedVia\n    }\n  }\n": types.IncidentNotificationsDocument,
    "\n  mutation RetryNotification($id: ID!) {\n    retryNotification(id: $id) {\n      id\n      state\n      attempts\n      lastError\n      failedAt\n    }\n  }\n": types.RetryNotificationDocument,
    "\n  query ListIncidents($filter: IncidentFilter!, $orderBy: IncidentOrder!, $after: String) {\n    incidents(filter: $filter, first: 20, orderBy: $orderBy, after: $after) {\n      edges {\n        node {\n          ...IncidentRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ListIncidentsDocument,
    "\n  query IncidentCounts($filter: IncidentFilter!) {\n    incidentCounts(filter: $filter) {\n      total\n      byStatus {\n        key\n        count\n      }\n      bySeverity {\n        key\n        count\n      }\n      byCategory {\n        key\n        count\n      }\n      bySlaState {\n        key\n        count\n      }\n      bySource {\n        key\n        count\n      }\n    }\n  }\n": types.IncidentCountsDocument,
    "\n  query QueueIncidents($filter: IncidentFilter!) {\n    incidents(filter: $filter, first: 20) {\n      totalCount\n      edges {\n        node {\n          ...IncidentRow\n        }\n      }\n    }\n  }\n": types.QueueIncidentsDocument,
    "\n  query MyTeams {\n    teams {\n      id\n      name\n      members {\n        userId\n      }\n    }\n  }\n": types.MyTeamsDocument,
    "\n  subscription IncidentChanges {\n    incidentChanged {\n      type\n      incidentId\n      incident {\n        ...IncidentRow\n      }\n    }\n  }\n": types.IncidentChangesDocument,
    "\n  query ReportAgencies {\n    agencies {\n      id\n      code\n      name\n      systems {\n        id\n        name\n      }\n    }\n  }\n": types.ReportAgenciesDocument,
    "\n  mutation ReportIncident($input: ReportIncidentInput!) {\n    reportIncident(input: $input) {\n      id\n      code\n      status\n    }\n  }\n": types.ReportIncidentDocument,
    "\n  mutation BeginSecondFactorEnrolment {\n    beginSecondFactorEnrolment {\n      secret\n      qrCodeDataUrl\n    }\n  }\n": types.BeginSecondFactorEnrolmentDocument,
    "\n  query SecondFactorEnrolmentStatus {\n    mySecondFactor {\n      resetAt\n    }\n  }\n": types.SecondFactorEnrolmentStatusDocument,
    "\n  mutation ConfirmSecondFactorEnrolment($code: String!) {\n    confirmSecondFactorEnrolment(code: $code)\n  }\n": types.ConfirmSecondFactorEnrolmentDocument,
    "\n  query NotificationSettings {\n    channelStatus {\n      channel\n      configured\n      detail\n    }\n    myContactMethods {\n      id\n      channel\n      address\n      verified\n      verifiedAt\n      failedAt\n      failureReason\n      createdAt\n    }\n    notificationPreferences {\n      userId\n      quietStart\n      quietEnd\n      channelOrder {\n        severity\n        channels\n      }\n    }\n  }\n": types.NotificationSettingsDocument,
    "\n  mutation AddContactMethod($input: AddContactMethodInput!) {\n    addContactMethod(input: $input) {\n      id\n    }\n  }\n": types.AddContactMethodDocument,
    "\n  mutation RemoveContactMethod($id: ID!) {\n    removeContactMethod(id: $id)\n  }\n": types.RemoveContactMethodDocument,
    "\n  mutation SendTestNotification($contactMethodId: ID!) {\n    sendTestNotification(contactMethodId: $contactMethodId) {\n      id\n      state\n    }\n  }\n": types.SendTestNotificationDocument,
    "\n  mutation LinkCode($channel: NotificationChannel!) {\n    createLinkCode(channel: $channel) {\n      channel\n      code\n      deepLink\n      expiresAt\n      instruction\n    }\n  }\n": types.LinkCodeDocument,
    "\n  mutation UpdatePreferences($input: NotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      userId\n      quietStart\n      quietEnd\n      channelOrder {\n        severity\n        channels\n      }\n    }\n  }\n": types.UpdatePreferencesDocument,
    "\n  query MySecurity {\n    mySecondFactor {\n      enabled\n      required\n      recoveryCodesLeft\n      resetAt\n    }\n    mySessions {\n      id\n      userAgent\n      ip\n      lastUsedAt\n      current\n    }\n  }\n": types.MySecurityDocument,
    "\n  mutation EndMySession($id: ID!) {\n    endMySession(id: $id)\n  }\n": types.EndMySessionDocument,
    "\n  query MyProfile {\n    me {\n      id\n      email\n      displayName\n      locale\n      timeZone\n      contactMethods {\n        email\n        phone\n        telegramChatId\n        zaloUserId\n      }\n    }\n  }\n": types.MyProfileDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateMyProfile(input: $input) {\n      id\n      timeZone\n      locale\n      contactMethods {\n        email\n        phone\n        telegramChatId\n        zaloUserId\n      }\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ChangePasswordDocument,
    "\n  query UnreadCount {\n    myNotifications(first: 1, unreadOnly: true) {\n      unreadCount\n    }\n  }\n": types.UnreadCountDocument,
    "\n  subscription BellLive {\n    incidentChanged {\n      type\n      incidentId\n    }\n  }\n": types.BellLiveDocument,
    "\n  mutation EscalateIncident($id: ID!, $v: Int, $reason: String!) {\n    escalateIncident(id: $id, expectedVersion: $v, reason: $reason) {\n      id\n      escalationLevel\n      version\n    }\n  }\n": types.EscalateIncidentDocument,
    "\n  mutation PauseSla($id: ID!, $reason: String!) {\n    pauseSlaClock(incidentId: $id, reason: $reason) {\n      id\n      slaPaused\n      version\n    }\n  }\n": types.PauseSlaDocument,
    "\n  mutation ResumeSla($id: ID!) {\n    resumeSlaClock(incidentId: $id) {\n      id\n      slaPaused\n      ackDueAt\n      resolveDueAt\n      version\n    }\n  }\n": types.ResumeSlaDocument,
    "\n  query FilterAgencies {\n    agencies {\n      id\n      name\n    }\n  }\n": types.FilterAgenciesDocument,
    "\n  mutation AddComment($incidentId: ID!, $body: String!, $internal: Boolean!) {\n    addComment(incidentId: $incidentId, body: $body, internal: $internal) {\n      id\n    }\n  }\n": types.AddCommentDocument,
    "\n  fragment IncidentRow on Incident {\n    id\n    code\n    title\n    severity\n    tlp\n    status\n    createdAt\n    ackDueAt\n    resolveDueAt\n    slaPaused\n    assigneeId\n    agencyId\n    assignee {\n      id\n      displayName\n    }\n    agency {\n      id\n      code\n    }\n  }\n": types.IncidentRowFragmentDoc,
    "\n  query SlaWarnings {\n    slaPolicies {\n      id\n      severity\n      warnPercent\n    }\n  }\n": types.SlaWarningsDocument,
    "\n  mutation Acknowledge($id: ID!, $v: Int) {\n    acknowledgeIncident(id: $id, expectedVersion: $v) {\n      id\n      status\n      version\n      assigneeId\n    }\n  }\n": types.AcknowledgeDocument,
    "\n  mutation Contain($id: ID!, $v: Int, $note: String) {\n    containIncident(id: $id, expectedVersion: $v, note: $note) {\n      id\n      status\n      version\n    }\n  }\n": types.ContainDocument,
    "\n  mutation Resolve($id: ID!, $v: Int, $resolution: String!) {\n    resolveIncident(id: $id, expectedVersion: $v, resolution: $resolution) {\n      id\n      status\n      version\n    }\n  }\n": types.ResolveDocument,
    "\n  mutation Close($id: ID!, $v: Int, $code: ResolutionCode, $lessons: String) {\n    closeIncident(id: $id, expectedVersion: $v, resolutionCode: $code, lessonsLearned: $lessons) {\n      id\n      status\n      resolutionCode\n      lessonsLearned\n      version\n    }\n  }\n": types.CloseDocument,
    "\n  mutation Reopen($id: ID!, $v: Int, $reason: String!) {\n    reopenIncident(id: $id, expectedVersion: $v, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n": types.ReopenDocument,
    "\n  mutation AddObservable($incidentId: ID!, $input: ObservableInput!) {\n    addObservable(incidentId: $incidentId, input: $input) {\n      id\n    }\n  }\n": types.AddObservableDocument,
    "\n  query PickIncidents($search: String!) {\n    incidents(filter: { search: $search }, first: 8) {\n      edges {\n        node {\n          id\n          code\n          title\n          status\n        }\n      }\n    }\n  }\n": types.PickIncidentsDocument,
    "\n  mutation SetTaskDone($taskId: ID!, $done: Boolean!) {\n    setTaskDone(taskId: $taskId, done: $done) {\n      id\n      done\n      overdue\n    }\n  }\n": types.SetTaskDoneDocument,
    "\n  mutation ApplyRunbook($incidentId: ID!, $runbookId: ID!) {\n    applyRunbook(incidentId: $incidentId, runbookId: $runbookId) {\n      id\n    }\n  }\n": types.ApplyRunbookDocument,
    "\n  query AllRunbooks {\n    runbooks {\n      id\n      title\n    }\n  }\n": types.AllRunbooksDocument,
    "\n  mutation SetLocale($locale: String!) {\n    updateMyProfile(input: { locale: $locale }) {\n      id\n      locale\n    }\n  }\n": types.SetLocaleDocument,
    "\n  mutation RejectIncident($id: ID!, $v: Int, $reason: String!, $duplicateOfId: ID) {\n    rejectIncident(id: $id, expectedVersion: $v, reason: $reason, duplicateOfId: $duplicateOfId) {\n      id\n      status\n      duplicateOfId\n      version\n    }\n  }\n": types.RejectIncidentDocument,
    "\n  query StaffDirectory {\n    teams {\n      id\n      name\n      members {\n        userId\n      }\n    }\n    users {\n      id\n      displayName\n      role\n    }\n  }\n": types.StaffDirectoryDocument,
    "\n  query IncidentForTriage($id: ID!) {\n    incident(id: $id) {\n      id\n      code\n      status\n      severity\n      category\n      tlp\n      teamId\n      assigneeId\n      version\n    }\n  }\n": types.IncidentForTriageDocument,
    "\n  mutation TriageIncident($id: ID!, $input: TriageIncidentInput!) {\n    triageIncident(id: $id, input: $input) {\n      id\n      status\n      severity\n      category\n      tlp\n      teamId\n      assigneeId\n      version\n    }\n  }\n": types.TriageIncidentDocument,
    "\n  mutation ReclassifyIncident($id: ID!, $input: TriageIncidentInput!) {\n    reclassifyIncident(id: $id, input: $input) {\n      id\n      severity\n      category\n      tlp\n      teamId\n      version\n    }\n  }\n": types.ReclassifyIncidentDocument,
    "\n  mutation AssignIncident($id: ID!, $v: Int, $assigneeId: ID, $teamId: ID) {\n    assignIncident(id: $id, expectedVersion: $v, assigneeId: $assigneeId, teamId: $teamId) {\n      id\n      teamId\n      assigneeId\n      version\n    }\n  }\n": types.AssignIncidentDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers {\n    users(includeInactive: true) {\n      id\n      displayName\n      email\n      role\n      active\n      agencyId\n      lockedUntil\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n"): (typeof documents)["\n  query AdminUsers {\n    users(includeInactive: true) {\n      id\n      displayName\n      email\n      role\n      active\n      agencyId\n      lockedUntil\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) {\n      id\n      active\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) {\n      id\n      active\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactivateUser($id: ID!) {\n    reactivateUser(id: $id) {\n      id\n      active\n    }\n  }\n"): (typeof documents)["\n  mutation ReactivateUser($id: ID!) {\n    reactivateUser(id: $id) {\n      id\n      active\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetSecondFactor($userId: ID!) {\n    resetSecondFactor(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation ResetSecondFactor($userId: ID!) {\n    resetSecondFactor(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IssuePasswordResetLink($userId: ID!) {\n    issuePasswordResetLink(userId: $userId) {\n      url\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation IssuePasswordResetLink($userId: ID!) {\n    issuePasswordResetLink(userId: $userId) {\n      url\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminAgencies {\n    agencies {\n      id\n      code\n      name\n      kind\n      parentId\n      systems {\n        id\n        name\n        securityLevel\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminAgencies {\n    agencies {\n      id\n      code\n      name\n      kind\n      parentId\n      systems {\n        id\n        name\n        securityLevel\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAgency($input: CreateAgencyInput!) {\n    createAgency(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAgency($input: CreateAgencyInput!) {\n    createAgency(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminTeams {\n    teams {\n      id\n      name\n      description\n      members {\n        userId\n        isLead\n      }\n      schedules {\n        id\n        name\n        layers {\n          id\n        }\n      }\n    }\n    users {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  query AdminTeams {\n    teams {\n      id\n      name\n      description\n      members {\n        userId\n        isLead\n      }\n      schedules {\n        id\n        name\n        layers {\n          id\n        }\n      }\n    }\n    users {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTeam($input: TeamInput!) {\n    createTeam(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTeam($input: TeamInput!) {\n    createTeam(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminSla {\n    slaPolicies {\n      id\n      severity\n      ackMinutes\n      resolveMinutes\n      warnPercent\n      workingHoursOnly\n      version\n    }\n  }\n"): (typeof documents)["\n  query AdminSla {\n    slaPolicies {\n      id\n      severity\n      ackMinutes\n      resolveMinutes\n      warnPercent\n      workingHoursOnly\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSla($severity: Severity!, $input: SlaPolicyInput!) {\n    updateSlaPolicy(severity: $severity, input: $input) {\n      id\n      ackMinutes\n      resolveMinutes\n      warnPercent\n      workingHoursOnly\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSla($severity: Severity!, $input: SlaPolicyInput!) {\n    updateSlaPolicy(severity: $severity, input: $input) {\n      id\n      ackMinutes\n      resolveMinutes\n      warnPercent\n      workingHoursOnly\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminChains {\n    escalationChains {\n      id\n      name\n      description\n      isDefault\n      repeatCount\n      version\n      steps {\n        id\n        position\n        delaySeconds\n        channels\n        targets {\n          kind\n          userId\n          teamId\n          role\n        }\n      }\n    }\n    teams {\n      id\n      name\n    }\n    users {\n      id\n      displayName\n      role\n      active\n    }\n  }\n"): (typeof documents)["\n  query AdminChains {\n    escalationChains {\n      id\n      name\n      description\n      isDefault\n      repeatCount\n      version\n      steps {\n        id\n        position\n        delaySeconds\n        channels\n        targets {\n          kind\n          userId\n          teamId\n          role\n        }\n      }\n    }\n    teams {\n      id\n      name\n    }\n    users {\n      id\n      displayName\n      role\n      active\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateChain($input: EscalationChainInput!) {\n    createEscalationChain(input: $input) {\n      id\n      name\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation CreateChain($input: EscalationChainInput!) {\n    createEscalationChain(input: $input) {\n      id\n      name\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateChain($id: ID!, $input: EscalationChainInput!) {\n    updateEscalationChain(id: $id, input: $input) {\n      id\n      name\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateChain($id: ID!, $input: EscalationChainInput!) {\n    updateEscalationChain(id: $id, input: $input) {\n      id\n      name\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteChain($id: ID!) {\n    deleteEscalationChain(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteChain($id: ID!) {\n    deleteEscalationChain(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPolicies {\n    escalationPolicies {\n      id\n      severity\n      category\n      agencyId\n      chainId\n    }\n    escalationChains {\n      id\n      name\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n"): (typeof documents)["\n  query AdminPolicies {\n    escalationPolicies {\n      id\n      severity\n      category\n      agencyId\n      chainId\n    }\n    escalationChains {\n      id\n      name\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePolicy($input: EscalationPolicyInput!) {\n    createEscalationPolicy(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePolicy($input: EscalationPolicyInput!) {\n    createEscalationPolicy(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePolicy($id: ID!) {\n    deleteEscalationPolicy(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeletePolicy($id: ID!) {\n    deleteEscalationPolicy(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Readiness($days: Int!) {\n    escalationReadiness(days: $days) {\n      from\n      to\n      chains {\n        chainId\n        chainName\n        ready\n        steps {\n          position\n          reachesNobodyNow\n          reason\n          onCallGaps {\n            start\n            end\n          }\n        }\n      }\n      teams {\n        teamId\n        teamName\n        gaps {\n          start\n          end\n        }\n        membersWithoutVerifiedContact {\n          id\n          displayName\n          email\n        }\n        onCallNowWithoutVerifiedContact {\n          id\n          displayName\n          email\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Readiness($days: Int!) {\n    escalationReadiness(days: $days) {\n      from\n      to\n      chains {\n        chainId\n        chainName\n        ready\n        steps {\n          position\n          reachesNobodyNow\n          reason\n          onCallGaps {\n            start\n            end\n          }\n        }\n      }\n      teams {\n        teamId\n        teamName\n        gaps {\n          start\n          end\n        }\n        membersWithoutVerifiedContact {\n          id\n          displayName\n          email\n        }\n        onCallNowWithoutVerifiedContact {\n          id\n          displayName\n          email\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddRotationLayer($scheduleId: ID!, $input: RotationLayerInput!) {\n    addRotationLayer(scheduleId: $scheduleId, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AddRotationLayer($scheduleId: ID!, $input: RotationLayerInput!) {\n    addRotationLayer(scheduleId: $scheduleId, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOverride($scheduleId: ID!, $input: OverrideInput!) {\n    createOverride(scheduleId: $scheduleId, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOverride($scheduleId: ID!, $input: OverrideInput!) {\n    createOverride(scheduleId: $scheduleId, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteOverride($id: ID!) {\n    deleteOverride(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteOverride($id: ID!) {\n    deleteOverride(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduleCoverage($scheduleId: ID!, $from: DateTime!, $to: DateTime!) {\n    scheduleCoverage(scheduleId: $scheduleId, from: $from, to: $to) {\n      start\n      end\n      source\n      userIds\n    }\n  }\n"): (typeof documents)["\n  query ScheduleCoverage($scheduleId: ID!, $from: DateTime!, $to: DateTime!) {\n    scheduleCoverage(scheduleId: $scheduleId, from: $from, to: $to) {\n      start\n      end\n      source\n      userIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamOncall($id: ID!) {\n    team(id: $id) {\n      id\n      name\n      members {\n        userId\n        isLead\n      }\n      schedules {\n        id\n        name\n        version\n        layers {\n          id\n          name\n          participantIds\n          shiftLengthHours\n          handoffTime\n          startDate\n        }\n        overrides {\n          id\n          userId\n          startsAt\n          endsAt\n          reason\n        }\n      }\n    }\n    onCallNow(teamId: $id) {\n      id\n      displayName\n    }\n    users {\n      id\n      displayName\n      role\n    }\n  }\n"): (typeof documents)["\n  query TeamOncall($id: ID!) {\n    team(id: $id) {\n      id\n      name\n      members {\n        userId\n        isLead\n      }\n      schedules {\n        id\n        name\n        version\n        layers {\n          id\n          name\n          participantIds\n          shiftLengthHours\n          handoffTime\n          startDate\n        }\n        overrides {\n          id\n          userId\n          startsAt\n          endsAt\n          reason\n        }\n      }\n    }\n    onCallNow(teamId: $id) {\n      id\n      displayName\n    }\n    users {\n      id\n      displayName\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddTeamMember($teamId: ID!, $input: TeamMemberInput!) {\n    addTeamMember(teamId: $teamId, input: $input) {\n      userId\n    }\n  }\n"): (typeof documents)["\n  mutation AddTeamMember($teamId: ID!, $input: TeamMemberInput!) {\n    addTeamMember(teamId: $teamId, input: $input) {\n      userId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {\n    removeTeamMember(teamId: $teamId, userId: $userId)\n  }\n"): (typeof documents)["\n  mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {\n    removeTeamMember(teamId: $teamId, userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSchedule($teamId: ID!, $name: String!) {\n    createSchedule(teamId: $teamId, name: $name) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSchedule($teamId: ID!, $name: String!) {\n    createSchedule(teamId: $teamId, name: $name) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebPushKey {\n    webPushPublicKey\n  }\n"): (typeof documents)["\n  query WebPushKey {\n    webPushPublicKey\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubscribeWebPush($input: WebPushSubscriptionInput!) {\n    subscribeWebPush(input: $input) {\n      id\n      address\n      verified\n    }\n  }\n"): (typeof documents)["\n  mutation SubscribeWebPush($input: WebPushSubscriptionInput!) {\n    subscribeWebPush(input: $input) {\n      id\n      address\n      verified\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnsubscribeWebPush($endpoint: String!) {\n    unsubscribeWebPush(endpoint: $endpoint)\n  }\n"): (typeof documents)["\n  mutation UnsubscribeWebPush($endpoint: String!) {\n    unsubscribeWebPush(endpoint: $endpoint)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard(\n    $today: DateTime!\n    $now: DateTime!\n    $month: DateTime!\n    $prevMonth: DateTime!\n    $f0: DateTime!\n    $f1: DateTime!\n    $f2: DateTime!\n    $f3: DateTime!\n    $f4: DateTime!\n    $f5: DateTime!\n    $f6: DateTime!\n    $f7: DateTime!\n  ) {\n    critical: incidents(\n      filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [CRITICAL] }\n      first: 1\n    ) {\n      totalCount\n    }\n    high: incidents(filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [HIGH] }, first: 1) {\n      totalCount\n    }\n    medium: incidents(\n      filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [MEDIUM] }\n      first: 1\n    ) {\n      totalCount\n    }\n    low: incidents(filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [LOW] }, first: 1) {\n      totalCount\n    }\n    today: metrics(from: $today, to: $now) {\n      total\n      byAgency {\n        agencyId\n        ackBreaches\n      }\n    }\n    month: metrics(from: $month, to: $now) {\n      total\n      mttaSeconds\n      mttrSeconds\n      ackSlaCompliance\n      resolveSlaCompliance\n      byAgency {\n        agencyId\n        total\n        open\n        ackBreaches\n        mttaSeconds\n        mttrSeconds\n      }\n    }\n    previous: metrics(from: $prevMonth, to: $month) {\n      total\n      ackSlaCompliance\n      resolveSlaCompliance\n    }\n    w0: metrics(from: $f0, to: $f1) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w1: metrics(from: $f1, to: $f2) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w2: metrics(from: $f2, to: $f3) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w3: metrics(from: $f3, to: $f4) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w4: metrics(from: $f4, to: $f5) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w5: metrics(from: $f5, to: $f6) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w6: metrics(from: $f6, to: $f7) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w7: metrics(from: $f7, to: $now) {\n      mttaSeconds\n      mttrSeconds\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n"): (typeof documents)["\n  query Dashboard(\n    $today: DateTime!\n    $now: DateTime!\n    $month: DateTime!\n    $prevMonth: DateTime!\n    $f0: DateTime!\n    $f1: DateTime!\n    $f2: DateTime!\n    $f3: DateTime!\n    $f4: DateTime!\n    $f5: DateTime!\n    $f6: DateTime!\n    $f7: DateTime!\n  ) {\n    critical: incidents(\n      filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [CRITICAL] }\n      first: 1\n    ) {\n      totalCount\n    }\n    high: incidents(filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [HIGH] }, first: 1) {\n      totalCount\n    }\n    medium: incidents(\n      filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [MEDIUM] }\n      first: 1\n    ) {\n      totalCount\n    }\n    low: incidents(filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [LOW] }, first: 1) {\n      totalCount\n    }\n    today: metrics(from: $today, to: $now) {\n      total\n      byAgency {\n        agencyId\n        ackBreaches\n      }\n    }\n    month: metrics(from: $month, to: $now) {\n      total\n      mttaSeconds\n      mttrSeconds\n      ackSlaCompliance\n      resolveSlaCompliance\n      byAgency {\n        agencyId\n        total\n        open\n        ackBreaches\n        mttaSeconds\n        mttrSeconds\n      }\n    }\n    previous: metrics(from: $prevMonth, to: $month) {\n      total\n      ackSlaCompliance\n      resolveSlaCompliance\n    }\n    w0: metrics(from: $f0, to: $f1) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w1: metrics(from: $f1, to: $f2) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w2: metrics(from: $f2, to: $f3) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w3: metrics(from: $f3, to: $f4) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w4: metrics(from: $f4, to: $f5) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w5: metrics(from: $f5, to: $f6) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w6: metrics(from: $f6, to: $f7) {\n      mttaSeconds\n      mttrSeconds\n    }\n    w7: metrics(from: $f7, to: $now) {\n      mttaSeconds\n      mttrSeconds\n    }\n    agencies {\n      id\n      code\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyInbox($unreadOnly: Boolean, $after: String) {\n    myNotifications(first: 20, unreadOnly: $unreadOnly, after: $after) {\n      unreadCount\n      totalCount\n      edges {\n        node {\n          id\n          event\n          channel\n          createdAt\n          readAt\n          incidentId\n          incident {\n            id\n            code\n            title\n            severity\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyInbox($unreadOnly: Boolean, $after: String) {\n    myNotifications(first: 20, unreadOnly: $unreadOnly, after: $after) {\n      unreadCount\n      totalCount\n      edges {\n        node {\n          id\n          event\n          channel\n          createdAt\n          readAt\n          incidentId\n          incident {\n            id\n            code\n            title\n            severity\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkRead($ids: [ID!]!) {\n    markNotificationsRead(ids: $ids)\n  }\n"): (typeof documents)["\n  mutation MarkRead($ids: [ID!]!) {\n    markNotificationsRead(ids: $ids)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkAllRead {\n    markAllNotificationsRead\n  }\n"): (typeof documents)["\n  mutation MarkAllRead {\n    markAllNotificationsRead\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentDetail($id: ID!) {\n    incident(id: $id) {\n      id\n      code\n      title\n      description\n      category\n      severity\n      tlp\n      status\n      source\n      createdAt\n      detectedAt\n      acknowledgedAt\n      resolvedAt\n      ackDueAt\n      resolveDueAt\n      slaPaused\n      escalationLevel\n      version\n      agencyId\n      reporterId\n      assigneeId\n      teamId\n      duplicateOfId\n      resolutionCode\n      lessonsLearned\n      affectedSystemName\n      resolutionSummary\n      escalation {\n        chainName\n        stepIndex\n        stepCount\n        repeat\n        run\n        startedAt\n        nextAt\n        stoppedAt\n        stopReason\n      }\n      agency {\n        id\n        code\n        name\n      }\n      assignee {\n        id\n        displayName\n      }\n      timeline {\n        id\n        kind\n        occurredAt\n        internal\n        actorId\n        dataJson\n      }\n      comments {\n        id\n        body\n        internal\n        createdAt\n        authorId\n      }\n      taskProgress {\n        done\n        total\n        percent\n      }\n      tasks {\n        id\n        title\n        done\n        overdue\n        dueAt\n        phase\n        role\n      }\n      suggestedRunbooks {\n        id\n        title\n      }\n      observables {\n        id\n        type\n        value\n        tlp\n        description\n      }\n    }\n  }\n"): (typeof documents)["\n  query IncidentDetail($id: ID!) {\n    incident(id: $id) {\n      id\n      code\n      title\n      description\n      category\n      severity\n      tlp\n      status\n      source\n      createdAt\n      detectedAt\n      acknowledgedAt\n      resolvedAt\n      ackDueAt\n      resolveDueAt\n      slaPaused\n      escalationLevel\n      version\n      agencyId\n      reporterId\n      assigneeId\n      teamId\n      duplicateOfId\n      resolutionCode\n      lessonsLearned\n      affectedSystemName\n      resolutionSummary\n      escalation {\n        chainName\n        stepIndex\n        stepCount\n        repeat\n        run\n        startedAt\n        nextAt\n        stoppedAt\n        stopReason\n      }\n      agency {\n        id\n        code\n        name\n      }\n      assignee {\n        id\n        displayName\n      }\n      timeline {\n        id\n        kind\n        occurredAt\n        internal\n        actorId\n        dataJson\n      }\n      comments {\n        id\n        body\n        internal\n        createdAt\n        authorId\n      }\n      taskProgress {\n        done\n        total\n        percent\n      }\n      tasks {\n        id\n        title\n        done\n        overdue\n        dueAt\n        phase\n        role\n      }\n      suggestedRunbooks {\n        id\n        title\n      }\n      observables {\n        id\n        type\n        value\n        tlp\n        description\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription IncidentLive($id: ID!) {\n    incidentChanged(id: $id) {\n      type\n      incidentId\n    }\n  }\n"): (typeof documents)["\n  subscription IncidentLive($id: ID!) {\n    incidentChanged(id: $id) {\n      type\n      incidentId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentNotifications($incidentId: ID!) {\n    notifications(incidentId: $incidentId) {\n      id\n      event\n      recipientId\n      recipientName\n      channel\n      state\n      attempts\n      lastError\n      outcomeUnknown\n      fallbackFromId\n      repeat\n      createdAt\n      sentAt\n      failedAt\n      deferredUntil\n      acknowledgedAt\n      acknowledgedVia\n    }\n  }\n"): (typeof documents)["\n  query IncidentNotifications($incidentId: ID!) {\n    notifications(incidentId: $incidentId) {\n      id\n      event\n      recipientId\n      recipientName\n      channel\n      state\n      attempts\n      lastError\n      outcomeUnknown\n      fallbackFromId\n      repeat\n      createdAt\n      sentAt\n      failedAt\n      deferredUntil\n      acknowledgedAt\n      acknowledgedVia\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryNotification($id: ID!) {\n    retryNotification(id: $id) {\n      id\n      state\n      attempts\n      lastError\n      failedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RetryNotification($id: ID!) {\n    retryNotification(id: $id) {\n      id\n      state\n      attempts\n      lastError\n      failedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListIncidents($filter: IncidentFilter!, $orderBy: IncidentOrder!, $after: String) {\n    incidents(filter: $filter, first: 20, orderBy: $orderBy, after: $after) {\n      edges {\n        node {\n          ...IncidentRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListIncidents($filter: IncidentFilter!, $orderBy: IncidentOrder!, $after: String) {\n    incidents(filter: $filter, first: 20, orderBy: $orderBy, after: $after) {\n      edges {\n        node {\n          ...IncidentRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentCounts($filter: IncidentFilter!) {\n    incidentCounts(filter: $filter) {\n      total\n      byStatus {\n        key\n        count\n      }\n      bySeverity {\n        key\n        count\n      }\n      byCategory {\n        key\n        count\n      }\n      bySlaState {\n        key\n        count\n      }\n      bySource {\n        key\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query IncidentCounts($filter: IncidentFilter!) {\n    incidentCounts(filter: $filter) {\n      total\n      byStatus {\n        key\n        count\n      }\n      bySeverity {\n        key\n        count\n      }\n      byCategory {\n        key\n        count\n      }\n      bySlaState {\n        key\n        count\n      }\n      bySource {\n        key\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QueueIncidents($filter: IncidentFilter!) {\n    incidents(filter: $filter, first: 20) {\n      totalCount\n      edges {\n        node {\n          ...IncidentRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query QueueIncidents($filter: IncidentFilter!) {\n    incidents(filter: $filter, first: 20) {\n      totalCount\n      edges {\n        node {\n          ...IncidentRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyTeams {\n    teams {\n      id\n      name\n      members {\n        userId\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyTeams {\n    teams {\n      id\n      name\n      members {\n        userId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription IncidentChanges {\n    incidentChanged {\n      type\n      incidentId\n      incident {\n        ...IncidentRow\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription IncidentChanges {\n    incidentChanged {\n      type\n      incidentId\n      incident {\n        ...IncidentRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportAgencies {\n    agencies {\n      id\n      code\n      name\n      systems {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReportAgencies {\n    agencies {\n      id\n      code\n      name\n      systems {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReportIncident($input: ReportIncidentInput!) {\n    reportIncident(input: $input) {\n      id\n      code\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ReportIncident($input: ReportIncidentInput!) {\n    reportIncident(input: $input) {\n      id\n      code\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BeginSecondFactorEnrolment {\n    beginSecondFactorEnrolment {\n      secret\n      qrCodeDataUrl\n    }\n  }\n"): (typeof documents)["\n  mutation BeginSecondFactorEnrolment {\n    beginSecondFactorEnrolment {\n      secret\n      qrCodeDataUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SecondFactorEnrolmentStatus {\n    mySecondFactor {\n      resetAt\n    }\n  }\n"): (typeof documents)["\n  query SecondFactorEnrolmentStatus {\n    mySecondFactor {\n      resetAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmSecondFactorEnrolment($code: String!) {\n    confirmSecondFactorEnrolment(code: $code)\n  }\n"): (typeof documents)["\n  mutation ConfirmSecondFactorEnrolment($code: String!) {\n    confirmSecondFactorEnrolment(code: $code)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationSettings {\n    channelStatus {\n      channel\n      configured\n      detail\n    }\n    myContactMethods {\n      id\n      channel\n      address\n      verified\n      verifiedAt\n      failedAt\n      failureReason\n      createdAt\n    }\n    notificationPreferences {\n      userId\n      quietStart\n      quietEnd\n      channelOrder {\n        severity\n        channels\n      }\n    }\n  }\n"): (typeof documents)["\n  query NotificationSettings {\n    channelStatus {\n      channel\n      configured\n      detail\n    }\n    myContactMethods {\n      id\n      channel\n      address\n      verified\n      verifiedAt\n      failedAt\n      failureReason\n      createdAt\n    }\n    notificationPreferences {\n      userId\n      quietStart\n      quietEnd\n      channelOrder {\n        severity\n        channels\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddContactMethod($input: AddContactMethodInput!) {\n    addContactMethod(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AddContactMethod($input: AddContactMethodInput!) {\n    addContactMethod(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveContactMethod($id: ID!) {\n    removeContactMethod(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemoveContactMethod($id: ID!) {\n    removeContactMethod(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestNotification($contactMethodId: ID!) {\n    sendTestNotification(contactMethodId: $contactMethodId) {\n      id\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation SendTestNotification($contactMethodId: ID!) {\n    sendTestNotification(contactMethodId: $contactMethodId) {\n      id\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LinkCode($channel: NotificationChannel!) {\n    createLinkCode(channel: $channel) {\n      channel\n      code\n      deepLink\n      expiresAt\n      instruction\n    }\n  }\n"): (typeof documents)["\n  mutation LinkCode($channel: NotificationChannel!) {\n    createLinkCode(channel: $channel) {\n      channel\n      code\n      deepLink\n      expiresAt\n      instruction\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePreferences($input: NotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      userId\n      quietStart\n      quietEnd\n      channelOrder {\n        severity\n        channels\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePreferences($input: NotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      userId\n      quietStart\n      quietEnd\n      channelOrder {\n        severity\n        channels\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySecurity {\n    mySecondFactor {\n      enabled\n      required\n      recoveryCodesLeft\n      resetAt\n    }\n    mySessions {\n      id\n      userAgent\n      ip\n      lastUsedAt\n      current\n    }\n  }\n"): (typeof documents)["\n  query MySecurity {\n    mySecondFactor {\n      enabled\n      required\n      recoveryCodesLeft\n      resetAt\n    }\n    mySessions {\n      id\n      userAgent\n      ip\n      lastUsedAt\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndMySession($id: ID!) {\n    endMySession(id: $id)\n  }\n"): (typeof documents)["\n  mutation EndMySession($id: ID!) {\n    endMySession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyProfile {\n    me {\n      id\n      email\n      displayName\n      locale\n      timeZone\n      contactMethods {\n        email\n        phone\n        telegramChatId\n        zaloUserId\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyProfile {\n    me {\n      id\n      email\n      displayName\n      locale\n      timeZone\n      contactMethods {\n        email\n        phone\n        telegramChatId\n        zaloUserId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateMyProfile(input: $input) {\n      id\n      timeZone\n      locale\n      contactMethods {\n        email\n        phone\n        telegramChatId\n        zaloUserId\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateMyProfile(input: $input) {\n      id\n      timeZone\n      locale\n      contactMethods {\n        email\n        phone\n        telegramChatId\n        zaloUserId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadCount {\n    myNotifications(first: 1, unreadOnly: true) {\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  query UnreadCount {\n    myNotifications(first: 1, unreadOnly: true) {\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BellLive {\n    incidentChanged {\n      type\n      incidentId\n    }\n  }\n"): (typeof documents)["\n  subscription BellLive {\n    incidentChanged {\n      type\n      incidentId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EscalateIncident($id: ID!, $v: Int, $reason: String!) {\n    escalateIncident(id: $id, expectedVersion: $v, reason: $reason) {\n      id\n      escalationLevel\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation EscalateIncident($id: ID!, $v: Int, $reason: String!) {\n    escalateIncident(id: $id, expectedVersion: $v, reason: $reason) {\n      id\n      escalationLevel\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseSla($id: ID!, $reason: String!) {\n    pauseSlaClock(incidentId: $id, reason: $reason) {\n      id\n      slaPaused\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation PauseSla($id: ID!, $reason: String!) {\n    pauseSlaClock(incidentId: $id, reason: $reason) {\n      id\n      slaPaused\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeSla($id: ID!) {\n    resumeSlaClock(incidentId: $id) {\n      id\n      slaPaused\n      ackDueAt\n      resolveDueAt\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation ResumeSla($id: ID!) {\n    resumeSlaClock(incidentId: $id) {\n      id\n      slaPaused\n      ackDueAt\n      resolveDueAt\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FilterAgencies {\n    agencies {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query FilterAgencies {\n    agencies {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddComment($incidentId: ID!, $body: String!, $internal: Boolean!) {\n    addComment(incidentId: $incidentId, body: $body, internal: $internal) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AddComment($incidentId: ID!, $body: String!, $internal: Boolean!) {\n    addComment(incidentId: $incidentId, body: $body, internal: $internal) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment IncidentRow on Incident {\n    id\n    code\n    title\n    severity\n    tlp\n    status\n    createdAt\n    ackDueAt\n    resolveDueAt\n    slaPaused\n    assigneeId\n    agencyId\n    assignee {\n      id\n      displayName\n    }\n    agency {\n      id\n      code\n    }\n  }\n"): (typeof documents)["\n  fragment IncidentRow on Incident {\n    id\n    code\n    title\n    severity\n    tlp\n    status\n    createdAt\n    ackDueAt\n    resolveDueAt\n    slaPaused\n    assigneeId\n    agencyId\n    assignee {\n      id\n      displayName\n    }\n    agency {\n      id\n      code\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SlaWarnings {\n    slaPolicies {\n      id\n      severity\n      warnPercent\n    }\n  }\n"): (typeof documents)["\n  query SlaWarnings {\n    slaPolicies {\n      id\n      severity\n      warnPercent\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Acknowledge($id: ID!, $v: Int) {\n    acknowledgeIncident(id: $id, expectedVersion: $v) {\n      id\n      status\n      version\n      assigneeId\n    }\n  }\n"): (typeof documents)["\n  mutation Acknowledge($id: ID!, $v: Int) {\n    acknowledgeIncident(id: $id, expectedVersion: $v) {\n      id\n      status\n      version\n      assigneeId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Contain($id: ID!, $v: Int, $note: String) {\n    containIncident(id: $id, expectedVersion: $v, note: $note) {\n      id\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation Contain($id: ID!, $v: Int, $note: String) {\n    containIncident(id: $id, expectedVersion: $v, note: $note) {\n      id\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Resolve($id: ID!, $v: Int, $resolution: String!) {\n    resolveIncident(id: $id, expectedVersion: $v, resolution: $resolution) {\n      id\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation Resolve($id: ID!, $v: Int, $resolution: String!) {\n    resolveIncident(id: $id, expectedVersion: $v, resolution: $resolution) {\n      id\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Close($id: ID!, $v: Int, $code: ResolutionCode, $lessons: String) {\n    closeIncident(id: $id, expectedVersion: $v, resolutionCode: $code, lessonsLearned: $lessons) {\n      id\n      status\n      resolutionCode\n      lessonsLearned\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation Close($id: ID!, $v: Int, $code: ResolutionCode, $lessons: String) {\n    closeIncident(id: $id, expectedVersion: $v, resolutionCode: $code, lessonsLearned: $lessons) {\n      id\n      status\n      resolutionCode\n      lessonsLearned\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reopen($id: ID!, $v: Int, $reason: String!) {\n    reopenIncident(id: $id, expectedVersion: $v, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation Reopen($id: ID!, $v: Int, $reason: String!) {\n    reopenIncident(id: $id, expectedVersion: $v, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddObservable($incidentId: ID!, $input: ObservableInput!) {\n    addObservable(incidentId: $incidentId, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AddObservable($incidentId: ID!, $input: ObservableInput!) {\n    addObservable(incidentId: $incidentId, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PickIncidents($search: String!) {\n    incidents(filter: { search: $search }, first: 8) {\n      edges {\n        node {\n          id\n          code\n          title\n          status\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PickIncidents($search: String!) {\n    incidents(filter: { search: $search }, first: 8) {\n      edges {\n        node {\n          id\n          code\n          title\n          status\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTaskDone($taskId: ID!, $done: Boolean!) {\n    setTaskDone(taskId: $taskId, done: $done) {\n      id\n      done\n      overdue\n    }\n  }\n"): (typeof documents)["\n  mutation SetTaskDone($taskId: ID!, $done: Boolean!) {\n    setTaskDone(taskId: $taskId, done: $done) {\n      id\n      done\n      overdue\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApplyRunbook($incidentId: ID!, $runbookId: ID!) {\n    applyRunbook(incidentId: $incidentId, runbookId: $runbookId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ApplyRunbook($incidentId: ID!, $runbookId: ID!) {\n    applyRunbook(incidentId: $incidentId, runbookId: $runbookId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AllRunbooks {\n    runbooks {\n      id\n      title\n    }\n  }\n"): (typeof documents)["\n  query AllRunbooks {\n    runbooks {\n      id\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetLocale($locale: String!) {\n    updateMyProfile(input: { locale: $locale }) {\n      id\n      locale\n    }\n  }\n"): (typeof documents)["\n  mutation SetLocale($locale: String!) {\n    updateMyProfile(input: { locale: $locale }) {\n      id\n      locale\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectIncident($id: ID!, $v: Int, $reason: String!, $duplicateOfId: ID) {\n    rejectIncident(id: $id, expectedVersion: $v, reason: $reason, duplicateOfId: $duplicateOfId) {\n      id\n      status\n      duplicateOfId\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation RejectIncident($id: ID!, $v: Int, $reason: String!, $duplicateOfId: ID) {\n    rejectIncident(id: $id, expectedVersion: $v, reason: $reason, duplicateOfId: $duplicateOfId) {\n      id\n      status\n      duplicateOfId\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffDirectory {\n    teams {\n      id\n      name\n      members {\n        userId\n      }\n    }\n    users {\n      id\n      displayName\n      role\n    }\n  }\n"): (typeof documents)["\n  query StaffDirectory {\n    teams {\n      id\n      name\n      members {\n        userId\n      }\n    }\n    users {\n      id\n      displayName\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentForTriage($id: ID!) {\n    incident(id: $id) {\n      id\n      code\n      status\n      severity\n      category\n      tlp\n      teamId\n      assigneeId\n      version\n    }\n  }\n"): (typeof documents)["\n  query IncidentForTriage($id: ID!) {\n    incident(id: $id) {\n      id\n      code\n      status\n      severity\n      category\n      tlp\n      teamId\n      assigneeId\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TriageIncident($id: ID!, $input: TriageIncidentInput!) {\n    triageIncident(id: $id, input: $input) {\n      id\n      status\n      severity\n      category\n      tlp\n      teamId\n      assigneeId\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation TriageIncident($id: ID!, $input: TriageIncidentInput!) {\n    triageIncident(id: $id, input: $input) {\n      id\n      status\n      severity\n      category\n      tlp\n      teamId\n      assigneeId\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReclassifyIncident($id: ID!, $input: TriageIncidentInput!) {\n    reclassifyIncident(id: $id, input: $input) {\n      id\n      severity\n      category\n      tlp\n      teamId\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation ReclassifyIncident($id: ID!, $input: TriageIncidentInput!) {\n    reclassifyIncident(id: $id, input: $input) {\n      id\n      severity\n      category\n      tlp\n      teamId\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignIncident($id: ID!, $v: Int, $assigneeId: ID, $teamId: ID) {\n    assignIncident(id: $id, expectedVersion: $v, assigneeId: $assigneeId, teamId: $teamId) {\n      id\n      teamId\n      assigneeId\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation AssignIncident($id: ID!, $v: Int, $assigneeId: ID, $teamId: ID) {\n    assignIncident(id: $id, expectedVersion: $v, assigneeId: $assigneeId, teamId: $teamId) {\n      id\n      teamId\n      assigneeId\n      version\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;