import type { FaultOptions } from './fault-options.js';

interface ListingState {
  duplicated: boolean;
  /** The window a duplicate stood in for, until the client either asks for it again or moves on. */
  owed?: { start: number; end: number };
  pagesServed: number;
}

export interface PageWindow {
  start: number;
  end: number;
  /** The fault applied to this page, for the request log. */
  fault?: 'duplicate-page' | 'shift-pages';
}

/**
 * The pagination faults of one emulator, per listing. See EmulatorKit.pageFaults for what each
 * fault does; the promise both keep is that a client that de-duplicates never misses an item,
 * whether the emulator derives its next cursor from the served items or from `start + size`.
 */
export class PageFaults {
  private readonly listings = new Map<string, ListingState>();
  private mutateFired = false;

  private state(listing: string): ListingState {
    let state = this.listings.get(listing);
    if (state === undefined) {
      state = { duplicated: false, pagesServed: 0 };
      this.listings.set(listing, state);
    }
    return state;
  }

  /** Which slice of `all` (length `total`) to serve for the page the emulator computed as [start, start + size). */
  window(faults: FaultOptions, listing: string, pageIndex: number, total: number, start: number, size: number): PageWindow {
    const state = this.state(listing);
    const nominal = { start, end: Math.min(total, start + size) };
    if (start >= total || size <= 0) return nominal;

    if (faults.duplicatePage === true && pageIndex === 1 && !state.duplicated) {
      state.duplicated = true;
      state.owed = nominal;
      return { start: Math.max(0, start - size), end: start, fault: 'duplicate-page' };
    }
    let from = start;
    let owedEnd = 0;
    let fault: PageWindow['fault'];
    if (state.owed !== undefined) {
      // The client moved on from the page the duplicate stood in for without asking for it again
      // (page-number paging, forwards or, as Taobao and Pinduoduo say to page, backwards): fold
      // that page into this one rather than lose it.
      if (state.owed.start !== start) {
        from = Math.min(from, state.owed.start);
        owedEnd = state.owed.end;
        fault = 'duplicate-page';
      }
      state.owed = undefined;
    }
    let shift = 0;
    if (pageIndex >= 1 && (faults.shiftPages ?? 0) > 0) {
      // Less than a page, or a client following served items would never get past this page.
      shift = Math.min(Math.floor(faults.shiftPages ?? 0), size - 1, from);
      if (shift > 0) fault = 'shift-pages';
    }
    from -= shift;
    // On the listing's last page the shifted-out tail rides along, as it would on a platform
    // whose listing grew by `shift` items and so had one more page.
    const end = Math.max(owedEnd, start + size >= total ? total : Math.min(total, start + size - shift));
    return fault === undefined ? { start: from, end } : { start: from, end, fault };
  }

  /** Counts a served page; true exactly once per arming, when a listing reaches changeAfterPages. */
  served(faults: FaultOptions, listing: string): boolean {
    const state = this.state(listing);
    state.pagesServed += 1;
    const after = faults.changeAfterPages;
    if (after === undefined || this.mutateFired || state.pagesServed < after) return false;
    this.mutateFired = true;
    return true;
  }

  /** Forgets duplicates served and pages counted, so faults set again apply afresh. */
  rearm(which: { pages?: boolean; mutate?: boolean }): void {
    if (which.pages === true) {
      for (const state of this.listings.values()) {
        state.duplicated = false;
        state.owed = undefined;
      }
    }
    if (which.mutate === true) {
      this.mutateFired = false;
      for (const state of this.listings.values()) state.pagesServed = 0;
    }
  }
}
