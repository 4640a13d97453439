export interface Config {
  atrium?: {
    audit?: {
      /**
       * The lowest auditor severity kept in the audit log (default `medium`: actions;
       * `low` adds reads such as catalog entity fetches, which are many).
       */
      minimumSeverity?: 'low' | 'medium' | 'high' | 'critical';
    };
  };
}
