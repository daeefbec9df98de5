'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminApi, type NewUser, type UserPatch } from './admin-api';

export const USERS_KEY = ['admin', 'users'] as const;
export const STORES_KEY = ['stores', 'visible'] as const;

/** Every user (GET /api/v1/admin/users). */
export function useUsers() {
  return useQuery({ queryKey: USERS_KEY, queryFn: adminApi.listUsers });
}

/** The stores an admin may hand out (GET /api/v1/stores: every store, with name and region). */
export function useStoreOptions() {
  return useQuery({ queryKey: STORES_KEY, queryFn: adminApi.listStores, staleTime: 60_000 });
}

/** The user list is read again after every change, whether it succeeded or not (a 404 means it is stale). */
function useInvalidateUsers() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: USERS_KEY });
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: (u: NewUser) => adminApi.createUser(u), onSettled: invalidate });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: ({ username, patch }: { username: string; patch: UserPatch }) => adminApi.updateUser(username, patch), onSettled: invalidate });
}

export function useDeleteUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: (username: string) => adminApi.deleteUser(username), onSettled: invalidate });
}
