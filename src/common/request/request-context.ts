import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { clientIp } from './client-ip';

/** Who did it, from where, in which request: what an audit row records beside the change itself. */
export interface RequestContext {
  actor: string;
  clientIp: string | null;
  requestId: string | null;
}

export function requestContextOf(req: Request): RequestContext {
  const id = (req as { id?: unknown }).id;
  return { actor: 'admin', clientIp: clientIp(req) || null, requestId: typeof id === 'string' ? id : null };
}

export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext =>
  requestContextOf(context.switchToHttp().getRequest<Request>()),
);
