import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { Location, RequestValidationError } from './request-validation.error';

const LOCATIONS: Record<string, Location> = { body: 'body', query: 'query', param: 'path' };

/** The global pipe: whitelist and transform, and one exceptionFactory for every 422 (STYLE.md 12). */
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      forbidUnknownValues: false,
      validationError: { target: false, value: true },
      exceptionFactory: (errors: ValidationError[]) => new RequestValidationError(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      // No body at all (no Content-Length, no Transfer-Encoding) is an empty object: the rotate body is optional, and a
      // route with required fields names each missing one (issue 16 item 9), instead of "a valid dictionary".
      if (metadata.type === 'body' && value === undefined) value = {};
      // A JSON body that is not an object (a string, an array, null) is a schema violation, not a crash.
      if (
        metadata.type === 'body' &&
        metadata.metatype &&
        (value === null || typeof value !== 'object' || Array.isArray(value))
      ) {
        throw RequestValidationError.of('body', [], 'Input should be a valid dictionary', 'model_attributes_type');
      }
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof RequestValidationError) throw err.at(LOCATIONS[metadata.type] ?? 'body');
      throw err;
    }
  }
}
