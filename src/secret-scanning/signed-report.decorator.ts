import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SignedReport } from './secret-scanning.service';

const EMPTY = Buffer.alloc(0);

/**
 * The report as signed: the body bytes exactly as they arrived (json-body.ts reads this route raw, so nothing was
 * parsed or re-serialised) and GitHub's two signature headers. No body, or one under another content type, is
 * empty bytes, which no signature covers.
 */
export const Signed = createParamDecorator((_data: unknown, context: ExecutionContext): SignedReport => {
  const req = context.switchToHttp().getRequest<Request>();
  const body: unknown = req.body;
  return {
    body: Buffer.isBuffer(body) ? body : EMPTY,
    keyIdentifier: req.headers['github-public-key-identifier'],
    signature: req.headers['github-public-key-signature'],
  };
});
