import { TransformFnParams } from 'class-transformer';
import { parseBooleanFlag } from './boolean-flag';

/** Query strings carry text: these turn the text into the type the rules check, leaving garbage for a 422. */
export const queryBoolean = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' ? (parseBooleanFlag(value) ?? value) : value;

export const queryInt = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' && /^[+-]?\d{1,15}$/.test(value.trim()) ? Number(value) : value;
