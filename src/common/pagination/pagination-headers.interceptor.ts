import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, Observable } from 'rxjs';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Lists stay a bare JSON array (CONTRACT.md "list"); the next page is announced in `Link: <…>; rel="next"` and
 * `X-Next-Cursor`, so the controller never takes over the response object itself.
 */
@Injectable()
export class PaginationHeadersInterceptor<T> implements NestInterceptor<Page<T>, T[]> {
  intercept(context: ExecutionContext, next: CallHandler<Page<T>>): Observable<T[]> {
    const http = context.switchToHttp();
    return next.handle().pipe(
      map((page) => {
        if (page.nextCursor) {
          const req = http.getRequest<Request>();
          const url = new URL(req.originalUrl, 'http://local');
          url.searchParams.set('cursor', page.nextCursor);
          const res = http.getResponse<Response>();
          res.setHeader('Link', `<${url.pathname}${url.search}>; rel="next"`);
          res.setHeader('X-Next-Cursor', page.nextCursor);
        }
        return page.items;
      }),
    );
  }
}
