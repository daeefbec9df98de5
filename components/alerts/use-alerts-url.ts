'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef } from 'react';
import { readAlertFilters, writeAlertFilters, type AlertFilters } from './alert-filters';

/** The alerts filters of the URL and a change that writes them back (changes faster than the URL build on each other). */
export function useAlertsUrl(): { filters: AlertFilters; problems: string[]; change: (patch: Partial<AlertFilters>) => void } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { filters, problems } = useMemo(() => readAlertFilters(new URLSearchParams(params.toString())), [params]);
  const latest = useRef(filters);
  useEffect(() => {
    latest.current = filters;
  }, [filters]);
  const change = (patch: Partial<AlertFilters>) => {
    latest.current = { ...latest.current, ...patch };
    router.replace(`${pathname}${writeAlertFilters(latest.current)}`, { scroll: false });
  };
  return { filters, problems, change };
}
