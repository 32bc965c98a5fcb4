import { Injectable } from '@nestjs/common';
import { KeysRepository } from './keys.repository';

/** What billing reads of a key: a plain copy, so the row (and its bcrypt hash) never leaves the keys module. */
export interface KeyBillingTerms {
  readonly billingPlan: string;
  readonly monthlyPredictionLimit: number | null;
}

/**
 * The keys module's read face for the other modules (usage, billing): answers about a key by id, as plain read
 * models. Anything more a module needs is added here as a question, never by handing out the entity.
 */
@Injectable()
export class KeyDirectory {
  constructor(private readonly keys: KeysRepository) {}

  async exists(id: string): Promise<boolean> {
    return (await this.keys.findById(id)) !== null;
  }

  async billingTerms(id: string): Promise<KeyBillingTerms | null> {
    const key = await this.keys.findById(id);
    return key && { billingPlan: key.billingPlan, monthlyPredictionLimit: key.monthlyPredictionLimit };
  }
}
