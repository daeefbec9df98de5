'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef } from 'react';
import { readLossFilters, writeLossFilters, type LossFilters } from './loss-filters';

/** The loss filters of the URL and a change that writes them back (changes made faster than the URL updates build on each other). */
export function useLossUrl(): { filters: LossFilters; problems: string[]; change: (patch: Partial<LossFilters>) => void } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { filters, problems } = useMemo(() => readLossFilters(new URLSearchParams(params.toString())), [params]);
  const latest = useRef(filters);
  useEffect(() => {
    latest.current = filters;
  }, [filters]);
  const change = (patch: Partial<LossFilters>) => {
    latest.current = { ...latest.current, ...patch };
    router.replace(`${pathname}${writeLossFilters(latest.current)}`, { scroll: false });
  };
  return { filters, problems, change };
}
