import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isPublic } from './admin-token.guard';
import { Public } from './public.decorator';

class Admin {
  list(this: void): void {}
}

@Public()
class Probes {
  live(this: void): void {}
}

class Mixed {
  @Public()
  open(this: void): void {}
  closed(this: void): void {}
}

/** A subclass that makes an inherited handler public: the same function, another answer. */
@Public()
class PublicAdmin extends Admin {}

const context = (controller: object, handler: object) =>
  ({ getClass: () => controller, getHandler: () => handler }) as unknown as ExecutionContext;

describe('isPublic', () => {
  const reflector = new Reflector();

  it('reads @Public() on the controller or the handler, and remembers the answer per route', () => {
    const getAll = jest.spyOn(reflector, 'getAllAndOverride');
    for (let i = 0; i < 3; i++) {
      expect(isPublic(reflector, context(Admin, Admin.prototype.list))).toBe(false);
      expect(isPublic(reflector, context(Probes, Probes.prototype.live))).toBe(true);
      expect(isPublic(reflector, context(Mixed, Mixed.prototype.open))).toBe(true);
      expect(isPublic(reflector, context(Mixed, Mixed.prototype.closed))).toBe(false);
    }
    expect(getAll).toHaveBeenCalledTimes(4);
  });

  it('tells one handler apart on two controllers', () => {
    expect(isPublic(reflector, context(Admin, Admin.prototype.list))).toBe(false);
    expect(isPublic(reflector, context(PublicAdmin, Admin.prototype.list))).toBe(true);
    expect(isPublic(reflector, context(Admin, Admin.prototype.list))).toBe(false);
  });
});
