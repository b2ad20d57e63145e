/** Contract requests: reqContractDetails (200 when nothing matches) and reqMatchingSymbols. */
import type { Market } from './market/types.js';
import { IN } from './protocol/messageIds.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import { decodeReqContractDetails, decodeReqMatchingSymbols } from './protocol/requests/contractsAndHistory.js';
import { encodeContractData, encodeContractDataEnd, encodeSymbolSamples } from './protocol/encoders/contracts.js';
import type { RequestHandler } from './session.js';
import { contractQuery, wireContract, wireContractDetails } from './session-convert.js';

export function contractHandlers(market: Market): [number, RequestHandler][] {
  return [
    [
      IN.REQ_CONTRACT_DATA,
      (s, r) => {
        const { reqId, contract } = decodeReqContractDetails(s.serverVersion, r);
        const matches = market.catalogue.find(contractQuery(contract));
        if (matches.length === 0) return s.sendError(reqId, ERR.NO_SECURITY_DEFINITION, TEXT.noSecurityDefinition);
        for (const m of matches) {
          // Trading hours are computed for the current week, as TWS reports them.
          const details = market.contractDetails(m.contract.conId) ?? m;
          s.send(encodeContractData(s.serverVersion, reqId, wireContractDetails(details)));
        }
        s.send(encodeContractDataEnd(reqId));
      },
    ],
    [
      IN.REQ_MATCHING_SYMBOLS,
      (s, r) => {
        const { reqId, pattern } = decodeReqMatchingSymbols(r);
        const samples = market.catalogue.matchingSymbols(pattern).map((m) => ({
          contract: wireContract(m.contract),
          derivativeSecTypes: m.derivativeSecTypes,
          description: m.description,
        }));
        s.send(encodeSymbolSamples(s.serverVersion, reqId, samples));
      },
    ],
  ];
}
