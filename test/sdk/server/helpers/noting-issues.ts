// A store wrapper that notes the id each record asks it to register with the login (a rights
// token's; RiskStore.recordLoginUnlessObjected's `issue`), so a test can ask which became live.
import type { IssueNonce, Store } from '../../../../sdk/server/store/types';

/** `store`, pushing onto `issued` the id each record asks it to issue with the login. */
export function notingIssues(store: Store, issued: IssueNonce[]): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property !== 'recordLoginUnlessObjected') return value.bind(target);
      return (...args: Parameters<NonNullable<Store['recordLoginUnlessObjected']>>) => {
        if (args[3]) issued.push(args[3]);
        return value.apply(target, args);
      };
    },
  });
}
