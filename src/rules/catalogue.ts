// The act stage's ServiceCatalogue port over the live rules cache: services by ID, by name
// ("tiktok followers", as the language data names platforms and kinds), alternatives for a
// quantity, and the ones with drip-feed.
import type { ServiceCatalogue, ServiceQuery } from '../actions/act.js';
import type { ServiceFacts } from '../actions/facts.js';
import type { Lexicon } from '../language/lexicon.js';
import type { RuleView, ServiceRules } from './service-rules.js';

interface Named {
  service: ServiceFacts;
  platforms: ReadonlySet<string>;
  kinds: ReadonlySet<string>;
}

const toFacts = (view: RuleView): ServiceFacts => ({
  serviceId: view.serviceId, name: view.name, category: view.category, min: view.min, max: view.max,
  rate: view.rate, currency: view.currency, refill: view.refill, cancel: view.cancel, dripfeed: view.dripfeed,
});

export function createServiceCatalogue(rules: Pick<ServiceRules, 'get' | 'all' | 'status'>, lexicon: Lexicon): ServiceCatalogue {
  // What each service is (platform, kind), worked out once per fetch of the rules, not per question.
  let named: { fetchedAt: string | null; list: Named[] } = { fetchedAt: null, list: [] };
  const catalogue = (): Named[] => {
    const { fetchedAt } = rules.status();
    if (named.fetchedAt !== fetchedAt || (named.list.length === 0 && fetchedAt !== null)) {
      named = {
        fetchedAt,
        list: rules.all().map((view) => {
          const words = `${view.name} ${view.category}`;
          const read = lexicon.read(words);
          return { service: toFacts(view), platforms: new Set(read.platforms.map((p) => p.name)), kinds: new Set(read.allKinds.map((k) => k.name)) };
        }),
      };
    }
    return named.list;
  };
  // Every platform named, and one of the kinds named (a platform alone lists that platform's services).
  const matches = (n: Named, query: ServiceQuery) => query.platforms.length + query.kinds.length > 0
    && query.platforms.every((p) => n.platforms.has(p)) && (query.kinds.length === 0 || query.kinds.some((k) => n.kinds.has(k)));

  return {
    describe(serviceId) {
      const view = rules.get(serviceId);
      return view ? toFacts(view) : null;
    },
    find(query, limit) {
      return catalogue().filter((n) => matches(n, query)).slice(0, limit).map((n) => n.service);
    },
    alternatives(service, quantity, limit) {
      return catalogue()
        .filter((n) => n.service.serviceId !== service.serviceId && n.service.category === service.category && quantity >= n.service.min && quantity <= n.service.max)
        .slice(0, limit).map((n) => n.service);
    },
    withDripfeed(platforms, limit) {
      const withIt = catalogue().filter((n) => n.service.dripfeed === true);
      const first = withIt.filter((n) => platforms.some((p) => n.platforms.has(p)));
      return [...new Set([...first, ...withIt])].slice(0, limit).map((n) => n.service);
    },
    status() {
      const { fetchedAt, stale, failing } = rules.status();
      return { fetchedAt, stale, failing };
    },
  };
}
