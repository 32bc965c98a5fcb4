import { Body, Controller, Module, Post } from '@nestjs/common';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Public } from '../../src/common/auth/public.decorator';

class ProbeDto {
  @IsString() @MinLength(1) @MaxLength(10) name!: string;
  @IsInt() @Min(0) @Max(5) count!: number;
}

/** Test-only routes that exercise the global guard, pipe and filter before any feature route exists. */
@Controller('probe')
class ProbeController {
  @Post('admin')
  admin(@Body() body: ProbeDto): ProbeDto {
    return body;
  }

  @Public()
  @Post('public')
  open(@Body() body: ProbeDto): ProbeDto {
    return body;
  }

  @Public()
  @Post('boom')
  boom(): never {
    throw new Error('SELECT secret FROM somewhere failed');
  }

  /** An unexpected failure whose message carries caller input, as a driver error may (issue 16 item 13). */
  @Public()
  @Post('boom-with')
  boomWith(@Body() body: Record<string, unknown>): never {
    throw new Error(`lookup failed for ${String(body.text)}`);
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
