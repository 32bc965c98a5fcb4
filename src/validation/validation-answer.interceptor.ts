import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import type { ValidationResponse } from './dto/validation.response';
import { settle, ValidationAnswer } from './validation-answer';

/**
 * Hands the pipeline's answer to Nest, so the controller stays free of @Res() (STYLE.md 2): the headers go on the
 * response, a success is serialised by Nest, a refusal is thrown for the error filter to render.
 */
@Injectable()
export class ValidationAnswerInterceptor implements NestInterceptor<ValidationAnswer, ValidationResponse> {
  intercept(context: ExecutionContext, next: CallHandler<ValidationAnswer>): Observable<ValidationResponse> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(map((answer) => settle(answer, res)));
  }
}
