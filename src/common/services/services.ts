/** The platform services a key may be issued for (CONTRACT.md "Keys": `service_id`); one list for every module. */
export const SERVICES = ['website', 'prediction', 'platform'] as const;
export type ServiceId = (typeof SERVICES)[number];
