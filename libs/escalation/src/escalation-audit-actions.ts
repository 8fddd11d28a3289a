/** The audit actions of SLA policies, escalation chains and policies (the engine's: EscalationAuditAction). */
export const EscalationConfigAuditAction = {
  SlaPolicyUpdated: 'sla_policy.updated',
  ChainCreated: 'escalation_chain.created',
  ChainUpdated: 'escalation_chain.updated',
  ChainDeleted: 'escalation_chain.deleted',
  PolicyCreated: 'escalation_policy.created',
  PolicyDeleted: 'escalation_policy.deleted',
} as const;
export type EscalationConfigAuditAction =
  (typeof EscalationConfigAuditAction)[keyof typeof EscalationConfigAuditAction];
