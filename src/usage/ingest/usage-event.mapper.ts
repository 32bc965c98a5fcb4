import { UsageEventDto } from '../dto/usage-event.dto';
import { PendingEvent } from './pending-event';

/** The wire's event as the buffer carries it: `null` means absent, and an empty idempotency key means none. */
export function toPendingEvent(keyId: string, dto: UsageEventDto, occurredAt: Date): PendingEvent {
  return {
    keyId,
    serviceId: dto.service_id,
    endpoint: dto.endpoint,
    statusCode: dto.status_code,
    responseTimeMs: dto.response_time_ms,
    predictionsCount: dto.predictions_count ?? 0,
    computeMs: dto.compute_ms ?? 0,
    modelId: dto.model_id ?? null,
    idempotencyKey: dto.idempotency_key || null,
    occurredAt,
  };
}
