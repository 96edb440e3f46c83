import { NotFoundMessage } from "@/components/layout/not-found-message";

/** A studio page asked for something that is not there (an unknown generation): inside the studio's frame. */
export default function NotFound() {
  return <NotFoundMessage />;
}
