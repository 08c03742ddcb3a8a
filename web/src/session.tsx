import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { ApiError, get, setCsrf } from './api/client.ts';
import type { Me } from './api/types.ts';

/** Who is signed in (GET /me), shared by every page. */
const SessionContext = createContext<{ me: Me | null; refresh: () => Promise<unknown> } | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await get<Me>('/me');
        setCsrf(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
  if (q.isPending) return null;
  return (
    <SessionContext.Provider
      value={{ me: q.data ?? null, refresh: () => client.invalidateQueries({ queryKey: ['me'] }) }}
    >
      {children}
    </SessionContext.Provider>
  );
}

export function useSession() {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user's context; pages under the app layout may rely on it. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('not signed in');
  return me;
}
