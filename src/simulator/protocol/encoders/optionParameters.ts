/**
 * securityDefinitionOptionParameter (75) and its End (76), the answers to reqSecDefOptParams. Neither has a version
 * field; the layout is the same at every server version from 157 to 193.
 */
import { joinFields, type Field } from '../fields.js';
import { OUT } from '../messageIds.js';

/** One line of an option chain: the expirations and strikes listed on one exchange for one trading class. */
export interface OptionChainLine {
  exchange: string;
  underlyingConId: number;
  tradingClass: string;
  /** As TWS sends it: "100" for US equity options. */
  multiplier: string;
  /** yyyyMMdd. */
  expirations: readonly string[];
  strikes: readonly number[];
}

export function encodeSecurityDefinitionOptionParameter(reqId: number, line: OptionChainLine): string {
  const fields: Field[] = [OUT.SECURITY_DEFINITION_OPTION_PARAMETER, reqId, line.exchange, line.underlyingConId, line.tradingClass, line.multiplier];
  fields.push(line.expirations.length, ...line.expirations);
  fields.push(line.strikes.length, ...line.strikes);
  return joinFields(fields);
}

export function encodeSecurityDefinitionOptionParameterEnd(reqId: number): string {
  return joinFields([OUT.SECURITY_DEFINITION_OPTION_PARAMETER_END, reqId]);
}
