/**
 * TWS display groups (API "linking"): the seven colour groups of the TWS window, each showing one contract or
 * none. queryDisplayGroups lists them, subscribeToGroupEvents answers the group's contract at once ("none" when
 * empty) and then every change, updateDisplayGroup sets the contract of the subscribed group ("conId@exchange" or
 * "none") and every subscriber of that group, in any client, is told. Groups outlive connections, as TWS's do.
 */
import type { Market } from './market/types.js';
import type { FieldReader } from './protocol/fields.js';
import { IN } from './protocol/messageIds.js';
import { readIdAfterVersion } from './protocol/requests/requestId.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import { encodeDisplayGroupList, encodeDisplayGroupUpdated } from './protocol/encoders/referenceData.js';
import type { RequestHandler, Session } from './session.js';

const GROUP_IDS = [1, 2, 3, 4, 5, 6, 7] as const;
const EMPTY = 'none';
const CONTRACT_INFO = /^(\d+)@([A-Za-z0-9.]+)$/;

interface GroupSubscription {
  session: Session;
  reqId: number;
  groupId: number;
}

export class DisplayGroups {
  private readonly contracts = new Map<number, string>(GROUP_IDS.map((id) => [id, EMPTY]));
  private readonly subscriptions = new Map<string, GroupSubscription>();

  constructor(private readonly market: Market) {}

  handlers(): [number, RequestHandler][] {
    return [
      [IN.QUERY_DISPLAY_GROUPS, (s, r) => s.send(encodeDisplayGroupList(readIdAfterVersion(r), GROUP_IDS))],
      [IN.SUBSCRIBE_TO_GROUP_EVENTS, (s, r) => this.subscribe(s, r)],
      [IN.UPDATE_DISPLAY_GROUP, (s, r) => this.update(s, r)],
      [IN.UNSUBSCRIBE_FROM_GROUP_EVENTS, (s, r) => this.subscriptions.delete(key(s, readIdAfterVersion(r)))],
    ];
  }

  dropSession(session: Session): void {
    for (const [k, sub] of this.subscriptions) if (sub.session === session) this.subscriptions.delete(k);
  }

  private subscribe(session: Session, r: FieldReader): void {
    const reqId = readIdAfterVersion(r);
    const groupId = r.int();
    const contract = this.contracts.get(groupId);
    if (contract === undefined) {
      session.sendError(reqId, ERR.ERROR_VALIDATING_REQUEST, TEXT.errorValidating(`display group ${groupId}`));
      return;
    }
    this.subscriptions.set(key(session, reqId), { session, reqId, groupId });
    session.send(encodeDisplayGroupUpdated(reqId, contract));
  }

  private update(session: Session, r: FieldReader): void {
    const reqId = readIdAfterVersion(r);
    const contractInfo = r.str().trim();
    const sub = this.subscriptions.get(key(session, reqId));
    const match = CONTRACT_INFO.exec(contractInfo);
    const known = contractInfo === EMPTY || (match !== null && this.market.catalogue.byConId(Number(match[1])) !== undefined);
    if (!sub || !known) {
      session.sendError(reqId, ERR.ERROR_VALIDATING_REQUEST, TEXT.errorValidating(`contractInfo ${contractInfo}`));
      return;
    }
    this.contracts.set(sub.groupId, contractInfo);
    for (const other of this.subscriptions.values()) {
      if (other.groupId === sub.groupId) other.session.send(encodeDisplayGroupUpdated(other.reqId, contractInfo));
    }
  }
}

function key(session: Session, reqId: number): string {
  return `${session.clientId}:${reqId}`;
}
