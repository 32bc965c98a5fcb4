import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const emptyAsUnset = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The environment as it may be written; every variable of .env.example is here. */
export class EnvSchema {
  @IsOptional()
  @IsIn(['production', 'development', 'test'])
  NODE_ENV: 'production' | 'development' | 'test' = 'development';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8000;

  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @MinLength(16)
  ADMIN_TOKEN?: string;

  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @MinLength(16)
  ADMIN_TOKEN_PREVIOUS?: string;

  @IsOptional()
  @Transform(emptyAsUnset)
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(emptyAsUnset)
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  REPORTS_DATABASE_URL?: string;

  @IsOptional()
  @Transform(emptyAsUnset)
  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// URL' })
  REDIS_URL?: string;

  // host:port lists, parsed (and checked against each other) by parseRedisTopology.
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  REDIS_CLUSTER_NODES?: string;

  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  REDIS_SENTINELS?: string;

  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @Matches(/^[\w.-]{1,100}$/, { message: 'must be a Sentinel master name (letters, digits, . _ -)' })
  REDIS_SENTINEL_NAME?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(15)
  BCRYPT_ROUNDS = 12;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  KEY_CACHE_TTL_SECONDS = 300;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(168)
  ROTATION_GRACE_HOURS = 0;

  // A hop count or proxy CIDRs; parsed by parseTrustProxy, which refuses `true`.
  @IsOptional()
  @IsString()
  TRUST_PROXY = '';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @Transform(emptyAsUnset)
  @IsIn(['open', 'token'])
  USAGE_AUTH?: 'open' | 'token';

  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @MinLength(16)
  USAGE_TOKEN?: string;

  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @MinLength(32)
  KEY_CACHE_SECRET?: string;

  @IsOptional()
  @IsString()
  DATA_DIR = './data';

  @IsOptional()
  @IsString()
  CORS_ORIGINS = '';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  ADMIN_AUTH_FAILURES_PER_MINUTE = 10;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  USAGE_RATE_LIMIT_PER_MINUTE = 6000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  USAGE_BUFFER_MAX_EVENTS = 50_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  CACHE_LEASE_MS = 1000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(10_000)
  REDIS_COMMAND_TIMEOUT_MS = 200;

  // GitHub's secret-scanning public keys document, inline or as a file path; parsed by parseScanningKeys.
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  SECRET_SCANNING_GITHUB_KEYS?: string;

  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  SECRET_SCANNING_GITHUB_KEYS_FILE?: string;

  @IsOptional()
  @Transform(emptyAsUnset)
  @IsIn(['revoke', 'report'])
  LEAKED_KEY_ACTION: 'revoke' | 'report' = 'revoke';
}
