import { useLayoutEffect, useState, type ReactNode } from 'react';

/**
 * A fixed design canvas (e.g. 3840x2160) scaled to fit the screen, centred, so the wall
 * looks the same on a 4K panel, a 1080p monitor or a laptop at 125% display scaling.
 */
export function Canvas({ width, height, children }: { width: number; height: number; children: ReactNode }) {
  const [box, setBox] = useState({ scale: 1, left: 0, top: 0 });
  useLayoutEffect(() => {
    const fit = () => {
      const scale = Math.min(window.innerWidth / width, window.innerHeight / height);
      setBox({ scale, left: (window.innerWidth - width * scale) / 2, top: (window.innerHeight - height * scale) / 2 });
    };
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [width, height]);
  return (
    <div className="stage">
      <div className="canvas" style={{ width, height, left: box.left, top: box.top, transform: `scale(${box.scale})` }}>
        {children}
      </div>
    </div>
  );
}
