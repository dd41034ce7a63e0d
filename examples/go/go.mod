module example.com/referral-backend

go 1.19
