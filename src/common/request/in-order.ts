import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Several middleware as one Express layer. Every layer a request walks past costs it the router's own step and
 * path match (CPU profile of GET /live: the router was the largest JavaScript entry), so the work every request
 * needs is mounted as one layer. Each part runs when the one before calls next(); an error skips the rest and
 * reaches Express's error handling as it would from separate layers.
 */
export function inOrder(...parts: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    let index = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null) return next(err);
      const at = index;
      const part = parts[index++];
      if (!part) return next();
      try {
        void part(req, res, step);
      } catch (thrown) {
        // Thrown after the part called next: it comes from further down the stack, whose own layer handles it.
        if (index !== at + 1) throw thrown;
        next(thrown);
      }
    };
    step();
  };
}
