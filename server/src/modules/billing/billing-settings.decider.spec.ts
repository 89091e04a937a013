import { DeciderSpecification } from '../../test/decider.specification';
import { billingSettingsDecider } from './billing-settings.decider';
import type { BillingSettingsEvent } from './billing-settings.events';

const spec = DeciderSpecification(billingSettingsDecider);
const workspaceId = 'w1';
const profile = {
  legalName: 'Northwind Studio Ltd',
  address: '1 High Street\nLondon N1 1AA',
  taxId: 'GB123456789',
  paymentInstructions: 'IBAN GB33 BUKB 2020 1555 5555 55',
};
const profiled: BillingSettingsEvent = { type: 'BillingProfileUpdated', data: { workspaceId, profile } };

describe('billing settings decider', () => {
  it('UpdateBillingProfile: trims, keeps the lines of an address, clears on an empty string', () => {
    spec
      .given([])
      .when({
        type: 'UpdateBillingProfile',
        workspaceId,
        changes: { ...profile, address: '  1 High Street  \r\nLondon N1 1AA\n\n' },
      })
      .then([profiled]);
    spec
      .given([profiled])
      .when({ type: 'UpdateBillingProfile', workspaceId, changes: { taxId: '', legalName: null } })
      .then([{ type: 'BillingProfileUpdated', data: { workspaceId, profile: { ...profile, taxId: null } } }]);
  });

  it('UpdateBillingProfile that changes nothing decides nothing', () => {
    spec
      .given([profiled])
      .when({ type: 'UpdateBillingProfile', workspaceId, changes: { legalName: ' Northwind Studio Ltd ' } })
      .thenNothingHappens();
  });

  it.each([
    ['a legal name of two lines', { legalName: 'A\nB' }, 'input.legalName'],
    ['a tax id of 51 characters', { taxId: 'x'.repeat(51) }, 'input.taxId'],
    [
      'instructions of 2,001 characters',
      { paymentInstructions: 'x'.repeat(2001) },
      'input.paymentInstructions',
    ],
  ])('UpdateBillingProfile refuses %s', (_what, changes, field) => {
    spec
      .given([])
      .when({ type: 'UpdateBillingProfile', workspaceId, changes })
      .thenRefuses('BAD_USER_INPUT', field);
  });

  it('UpdateReminderSchedule: sorted; the default is -3, 0, 7; the same again decides nothing', () => {
    spec
      .given([])
      .when({ type: 'UpdateReminderSchedule', workspaceId, daysFromDue: [14, -1] })
      .then([{ type: 'ReminderScheduleUpdated', data: { workspaceId, daysFromDue: [-1, 14] } }]);
    spec
      .given([])
      .when({ type: 'UpdateReminderSchedule', workspaceId, daysFromDue: [7, 0, -3] })
      .thenNothingHappens();
    spec
      .given([])
      .when({ type: 'UpdateReminderSchedule', workspaceId, daysFromDue: [] })
      .then([{ type: 'ReminderScheduleUpdated', data: { workspaceId, daysFromDue: [] } }]);
  });

  it.each([
    ['a day twice', [3, 3], 'daysFromDue.1'],
    ['a fraction', [1.5], 'daysFromDue.0'],
    ['a year and a day after', [366], 'daysFromDue.0'],
    ['61 days before', [-61], 'daysFromDue.0'],
    ['eleven reminders', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'daysFromDue'],
  ])('UpdateReminderSchedule refuses %s', (_what, daysFromDue, field) => {
    spec
      .given([])
      .when({ type: 'UpdateReminderSchedule', workspaceId, daysFromDue })
      .thenRefuses('BAD_USER_INPUT', field);
  });
});
