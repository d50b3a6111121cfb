/** Shared generators for protection tests: valid identifiers made with real tools, not by our own code. */
import { fakerZH_CN as faker, faker as fakerEn } from '@faker-js/faker';
import IDValidator from 'id-validator';
import GB2260 from 'id-validator/src/GB2260.js';

const idValidator = new IDValidator(GB2260);

/** An 18-digit resident ID with a valid check digit, from id-validator (retried: it gives up on X). */
export function makeResidentId(): string {
  for (;;) {
    const id = idValidator.makeID();
    if (typeof id === 'string' && id.length === 18) return id;
  }
}

/** A legacy 15-digit resident ID from id-validator. */
export function makeLegacyResidentId(): string {
  for (;;) {
    const id = idValidator.makeID(true);
    if (typeof id === 'string' && id.length === 15) return id;
  }
}

/** id-validator's own verdict (an independent oracle for our check-digit code). */
export const idValidatorSays = (id: string): boolean => idValidator.isValid(id) === true;

export function makeMobile(): string {
  return faker.helpers.fromRegExp(/1[3-9][0-9]{9}/);
}

export function makeEmail(): string {
  return faker.internet.email();
}

/**
 * A Luhn-valid card number from faker, for networks whose numbers start 2-6. The zh_CN locale has no
 * issuer table (it falls back to arbitrary formats), so the default locale's issuers are used.
 */
export function makeCard(): string {
  const issuer = fakerEn.helpers.arrayElement(['visa', 'mastercard', 'american_express', 'discover', 'jcb']);
  return fakerEn.finance.creditCardNumber({ issuer });
}

export { faker };
