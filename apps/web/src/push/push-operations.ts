import { graphql } from '../gql';

export const WebPushKey = graphql(`
  query WebPushKey {
    webPushPublicKey
  }
`);

export const SubscribeWebPush = graphql(`
  mutation SubscribeWebPush($input: WebPushSubscriptionInput!) {
    subscribeWebPush(input: $input) {
      id
      address
      verified
    }
  }
`);

export const UnsubscribeWebPush = graphql(`
  mutation UnsubscribeWebPush($endpoint: String!) {
    unsubscribeWebPush(endpoint: $endpoint)
  }
`);
