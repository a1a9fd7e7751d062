/** Types of limit-scenarios.mjs, for the TypeScript tests that paste these scenarios. */
export declare function routerScenario(rules: readonly string[], flows: number): string;
export declare function unmatchedDrops(n: number): string[];
export declare function routingLoop(flows: number): string;
export declare function denseFlows(flows: number): string;
