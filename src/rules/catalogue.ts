// The act stage's ServiceCatalogue port over the live rules cache.
import type { ServiceCatalogue } from '../actions/act.js';
import { describeServiceRule } from './describe.js';
import type { ServiceRules } from './service-rules.js';

export function createServiceCatalogue(rules: Pick<ServiceRules, 'get'>): ServiceCatalogue {
  return {
    describe(serviceId) {
      const view = rules.get(serviceId);
      if (!view) return null;
      return { serviceId: view.serviceId, name: view.name, refill: view.refill, cancel: view.cancel, description: describeServiceRule(view) };
    },
  };
}
