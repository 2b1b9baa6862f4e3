/** What the app hands every screen: its own token (null when it has none) and the address's query. */
export interface ScreenProps {
  token: string | null;
  search: string;
}
