import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { inOrder } from './in-order';

const req = {} as Request;
const res = {} as Response;

describe('inOrder', () => {
  it('runs the parts in order, each when the one before calls next, then calls next once', () => {
    const seen: string[] = [];
    const part =
      (name: string): RequestHandler =>
      (_q, _s, next) => (seen.push(name), next());
    const next = jest.fn();
    inOrder(part('a'), part('b'), part('c'))(req, res, next);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(next).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledWith();
  });

  it('waits for a part that calls next later', () => {
    const seen: string[] = [];
    let resume: NextFunction = () => undefined;
    const next = jest.fn();
    inOrder(
      (_q, _s, n) => void (resume = n),
      () => seen.push('second'),
    )(req, res, next);
    expect(seen).toEqual([]);
    resume();
    expect(seen).toEqual(['second']);
  });

  it('hands an error passed to next, or thrown, to the outer next and skips the rest', () => {
    const failure = new Error('refused');
    const later = jest.fn();
    const passed = jest.fn();
    inOrder((_q, _s, n) => n(failure), later)(req, res, passed);
    const thrown = jest.fn();
    inOrder(() => {
      throw failure;
    }, later)(req, res, thrown);
    expect(passed).toHaveBeenCalledWith(failure);
    expect(thrown).toHaveBeenCalledWith(failure);
    expect(later).not.toHaveBeenCalled();
  });

  it('stops where a part ends the response without calling next', () => {
    const later = jest.fn();
    const next = jest.fn();
    inOrder(() => undefined, later)(req, res, next);
    expect(later).not.toHaveBeenCalled();
    expect(next).not.toHaveBeenCalled();
  });
});

describe('inOrder, when something further down throws', () => {
  it('does not call next a second time for a throw that came after the last part advanced', () => {
    const downstream = new Error('downstream');
    const next = jest.fn(() => {
      throw downstream;
    });
    expect(() => inOrder((_q, _s, n) => n())(req, res, next)).toThrow(downstream);
    expect(next).toHaveBeenCalledTimes(1);
  });
});
