import { Ranking } from '../panels/Ranking';
import { TileMap } from '../panels/TileMap';
import { Trend } from '../panels/Trend';

export function Localities() {
  return (
    <div className="page localities">
      <TileMap />
      <Ranking count={6} />
      <Trend />
    </div>
  );
}
